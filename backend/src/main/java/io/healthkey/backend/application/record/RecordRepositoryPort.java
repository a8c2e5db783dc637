package io.healthkey.backend.application.record;

import java.math.BigInteger;
import java.util.List;

import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Record versions and the wrapped keys of their readers. Holds no plaintext and no record key: a wrapped key is
 * ciphertext only its reader can open.
 */
public interface RecordRepositoryPort {

    /**
     * Stores a new reservation with its readers' keys, atomically; answers {@code false}, storing nothing, when
     * another version of the patient already holds the id's serial.
     */
    Mono<Boolean> reserve(RecordVersion reservation, List<ReaderKey> keys);

    /**
     * Stores a version rebuilt from the chain and the content store (an {@link RecordStatus#ANCHORED} version of
     * {@link io.healthkey.backend.domain.record.RecordOrigin#RECOVERED} origin, without readers' keys); answers
     * {@code false}, storing nothing, when the id or its serial is already stored.
     */
    Mono<Boolean> restore(RecordVersion recovered);

    /** The highest serial ever reserved for {@code patient}, 0 if none. */
    Mono<BigInteger> highestSerial(EthAddress patient);

    Mono<RecordVersion> find(RecordId id);

    /** Every version of the patient's records, newest first. */
    Flux<RecordVersion> forPatient(EthAddress patient);

    /**
     * Moves a reservation that is still {@link RecordStatus#RESERVED} to {@link RecordStatus#ANCHORING} with its
     * stored ciphertext; answers {@code false}, changing nothing, when it is no longer reserved (a concurrent upload
     * won).
     */
    Mono<Boolean> markStored(RecordId id, Cid cid, long size, String chainRequest);

    Mono<Void> updateStatus(RecordId id, RecordStatus status);

    Mono<Void> markSuperseded(RecordId previous, RecordId by);

    Mono<Void> markRekeyRequired(RecordId id);

    /** Every version currently {@link RecordStatus#ANCHORING}: after a restart these are driven to their end. */
    Flux<RecordVersion> anchoring();

    /** Adds or replaces readers' wrapped keys. */
    Mono<Void> saveKeys(RecordId id, List<ReaderKey> keys);

    Mono<ReaderKey> keyFor(RecordId id, EthAddress reader);

    Flux<ReaderKey> keysOf(RecordId id);

    Mono<Void> deleteKey(RecordId id, EthAddress reader);
}
