package io.healthkey.backend.application.audit;

import java.time.Duration;
import java.time.Instant;

import io.healthkey.backend.application.record.ReadLogPort;
import io.healthkey.backend.domain.record.ReadEntry;
import reactor.core.publisher.Mono;

/**
 * The read log as the audit keeps it. An allowed read, and a denied read by a party that holds some grant from the
 * patient, is one row (and later one receipt). A denied read by a party that holds no grant at all from the patient
 * counts into one row per (reader, patient, window): a stranger who floods a patient's records with reads costs the
 * patient one row, and the chain one leaf, per window.
 *
 * <p>Windows are {@code window} long and aligned on multiples of it since the Unix epoch, so every replica counts a
 * read into the same window.
 */
public final class AuditedReadLog implements ReadLogPort {

    private final ReadLogStorePort store;
    private final GrantRelationPort relations;
    private final Duration window;

    public AuditedReadLog(ReadLogStorePort store, GrantRelationPort relations, Duration window) {
        if (window.isNegative() || window.isZero() || window.toMillis() == 0) {
            throw new IllegalArgumentException("the window for denied reads must be at least a millisecond: " + window);
        }
        this.store = store;
        this.relations = relations;
        this.window = window;
    }

    @Override
    public Mono<Void> append(ReadEntry entry) {
        if (entry.allowed()) {
            return store.append(entry);
        }
        return relations.holdsAnyGrant(entry.patient(), entry.reader())
                .flatMap(related -> related ? store.append(entry) : store.countDenied(entry, windowEnd(entry.at())));
    }

    /** The end of the window {@code at} falls in: the next multiple of the window's length after it. */
    Instant windowEnd(Instant at) {
        long length = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), length) * length + length);
    }
}
