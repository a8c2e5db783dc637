package io.healthkey.backend.application.availability;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;

/**
 * One version's availability as its last audit found it: the state at each location (by location name), after any
 * repair of that audit.
 */
public record VersionAvailability(RecordId id, Cid cid, Instant checkedAt, Map<String, PinState> locations) {

    public VersionAvailability {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(checkedAt, "checkedAt");
        locations = Collections.unmodifiableMap(new LinkedHashMap<>(locations));
    }

    /** How many locations hold a checked copy. */
    public int replicas() {
        return (int) locations.values().stream().filter(PinState::holdsCopy).count();
    }

    /**
     * Whether the version may still be found somewhere: it is lost only when every location answered that it lacks
     * it. A location that did not answer, or is still fetching, is not proof of loss.
     */
    public boolean available() {
        return !locations.values().stream().allMatch(PinState::needsRepair);
    }
}
