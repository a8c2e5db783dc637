package io.healthkey.backend.domain.chain;

import java.util.Objects;

/** A node's answer to a broadcast: its class, and its own words for the log and the failure detail. */
public record Broadcast(SendOutcome outcome, String message) {

    public Broadcast {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public static Broadcast accepted() {
        return new Broadcast(SendOutcome.ACCEPTED, "");
    }
}
