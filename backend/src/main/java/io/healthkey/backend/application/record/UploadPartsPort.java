package io.healthkey.backend.application.record;

import java.time.Instant;

import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The parts of envelopes uploaded in parts, kept with their reservation: durable, so that a restart between two
 * parts loses none. Holds ranges, digests and CIDs, never content.
 */
public interface UploadPartsPort {

    /** Stores the part; answers {@code false}, storing nothing, when its number is taken for its record. */
    Mono<Boolean> add(UploadPart part);

    /** The record's stored parts, by number. */
    Flux<UploadPart> partsOf(RecordId record);

    /** The parts of every reservation that is no longer awaiting its upload at {@code now}: used, failed or expired. */
    Flux<UploadPart> abandoned(Instant now);

    /** Forgets the part; completes also when it was not stored. */
    Mono<Void> remove(UploadPart part);
}
