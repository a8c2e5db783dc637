package io.healthkey.backend.adapter.outbound.pinning;

import java.util.Objects;

/**
 * A pinning service's access token. Its {@link #toString()} never shows the value, so that the token stays out of
 * logs, exception messages and anything that prints the configuration; only {@link #authorization()} reveals it, for
 * the {@code Authorization} header.
 */
public final class BearerToken {

    private final String value;

    public BearerToken(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("a pinning service token is printable ASCII without spaces");
        }
        this.value = value;
    }

    /** The {@code Authorization} header's value. */
    String authorization() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "[token hidden]";
    }
}
