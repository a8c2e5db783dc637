package io.healthkey.backend.adapter.outbound.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Every timestamp is stored as UTC without a zone: the same on H2 and PostgreSQL. */
final class Timestamps {

    private Timestamps() {
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }
}
