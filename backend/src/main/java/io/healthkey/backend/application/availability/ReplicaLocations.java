package io.healthkey.backend.application.availability;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Every place a record's ciphertext is kept: the primary content store, where uploads land and reads are served
 * from, and the remote locations that hold further copies (the configured pinning services).
 */
public record ReplicaLocations(ReplicaLocationPort primary, List<ReplicaLocationPort> remotes) {

    public ReplicaLocations {
        Objects.requireNonNull(primary, "primary");
        remotes = List.copyOf(remotes);
    }

    /** The primary first, then the remotes in their configured order. */
    public List<ReplicaLocationPort> all() {
        return Stream.concat(Stream.of(primary), remotes.stream()).toList();
    }
}
