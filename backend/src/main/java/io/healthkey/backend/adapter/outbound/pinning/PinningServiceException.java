package io.healthkey.backend.adapter.outbound.pinning;

import java.util.Optional;

/**
 * A pinning service refused a call or answered something this client cannot read. Carries the HTTP status and the
 * spec's machine-readable {@code error.reason} (checked to be a short identifier, else left out); never the token,
 * never the service's free-text {@code details}.
 */
public final class PinningServiceException extends RuntimeException {

    private final int status;
    private final Optional<String> reason;

    PinningServiceException(String service, int status, Optional<String> reason) {
        super("pinning service " + service + " answered HTTP " + status + reason.map(r -> " (" + r + ")").orElse(""));
        this.status = status;
        this.reason = reason;
    }

    PinningServiceException(String service, String problem, Throwable cause) {
        super("pinning service " + service + ": " + problem, cause);
        this.status = 0;
        this.reason = Optional.empty();
    }

    /** The HTTP status, 0 when the answer was unreadable. */
    public int status() {
        return status;
    }

    public Optional<String> reason() {
        return reason;
    }

    /** The service found no such pin request ({@code 404}). */
    boolean isNotFound() {
        return status == 404;
    }
}
