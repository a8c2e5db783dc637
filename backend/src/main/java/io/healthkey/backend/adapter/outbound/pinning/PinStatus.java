package io.healthkey.backend.adapter.outbound.pinning;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.backend.application.availability.PinState;

/**
 * A pin request as the service reports it (the spec's {@code PinStatus}): its opaque id, status, creation time and
 * CID.
 */
record PinStatus(String requestId, Status status, Instant created, String cid) {

    PinStatus {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(cid, "cid");
    }

    /** The spec's {@code Status}. */
    enum Status {
        QUEUED(PinState.QUEUED), PINNING(PinState.PINNING), PINNED(PinState.PINNED), FAILED(PinState.FAILED);

        private final PinState state;

        Status(PinState state) {
            this.state = state;
        }

        PinState state() {
            return state;
        }

        static Status parse(String text) {
            return switch (text) {
                case "queued" -> QUEUED;
                case "pinning" -> PINNING;
                case "pinned" -> PINNED;
                case "failed" -> FAILED;
                default -> throw new IllegalArgumentException("unknown pin status");
            };
        }
    }
}
