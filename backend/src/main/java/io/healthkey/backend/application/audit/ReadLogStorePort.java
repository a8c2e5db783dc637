package io.healthkey.backend.application.audit;

import java.time.Instant;
import java.util.Optional;

import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The read log's rows. Ids grow with every row inserted, and a row is never moved: the receipts name rows by id,
 * and pages of a patient's log are cut by id.
 */
public interface ReadLogStorePort {

    /** One row for one read. */
    Mono<Void> append(ReadEntry entry);

    /**
     * Counts denied read {@code entry} into the aggregate row of its reader and patient whose window ends at
     * {@code windowEnd}: creates the row (with the entry's record, code and time, count 1) if there is none, else adds
     * one to its count and moves its last time. Concurrent calls for the same window end in one row with every read
     * counted.
     */
    Mono<Void> countDenied(ReadEntry entry, Instant windowEnd);

    /** Up to {@code max} rows of {@code patient}'s log with ids below {@code beforeId} (all when empty), highest first. */
    Flux<LoggedRead> page(EthAddress patient, Optional<Long> beforeId, int max);
}
