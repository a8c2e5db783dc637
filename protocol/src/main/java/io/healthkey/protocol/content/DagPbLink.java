package io.healthkey.protocol.content;

import java.util.Objects;

/**
 * One link of a dag-pb node: the child's CID, its name ({@code ""} in a file) and {@code tsize}, the cumulative
 * size of the child's DAG in bytes (its blocks, not its content).
 */
public record DagPbLink(Cid hash, String name, long tsize) {

    public DagPbLink {
        Objects.requireNonNull(hash);
        Objects.requireNonNull(name);
        if (tsize < 0) {
            throw new IllegalArgumentException("negative tsize");
        }
    }
}
