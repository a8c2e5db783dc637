package io.healthkey.protocol.content;

/**
 * How a file is cut into a DAG: fixed-size chunks as raw leaves, at most {@code maxChildren} links per node,
 * balanced. {@link #KUBO} is what {@code ipfs add --cid-version=1 --raw-leaves} uses (256 KiB, 174 links).
 */
public record UnixFsLayout(int chunkSize, int maxChildren) {

    public static final UnixFsLayout KUBO = new UnixFsLayout(262_144, 174);

    public UnixFsLayout {
        if (chunkSize < 1 || chunkSize > 1 << 20) {
            throw new IllegalArgumentException("chunk size must be 1 B .. 1 MiB");
        }
        if (maxChildren < 2) {
            throw new IllegalArgumentException("a node needs at least two children");
        }
    }
}
