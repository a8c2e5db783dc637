package io.healthkey.backend.application.record;

import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/** Reading records: the chain decides, every attempt is logged, and the bytes are checked against the anchor. */
public interface ReadRecordUseCase {

    /**
     * The record's ciphertext and the reader's wrapped key. The patient may always read; anyone else needs
     * {@code hasAccess(patient, reader, record, READ)} on chain at the latest block. When the chain cannot answer
     * the read is denied ({@code CHAIN-0001}).
     */
    Mono<RecordContent> read(EthAddress reader, RecordId id);

    /** The record key wrapped for {@code reader}, after the same checks as {@link #read}, without the bytes. */
    Mono<ReadableKey> keyFor(EthAddress reader, RecordId id);

    /**
     * Stores the record key wrapped for a reader who has READ access on chain (e.g. a grantee of a category
     * granted before this version existed, or a caregiver). Only the patient, or a caregiver of theirs holding
     * GRANT_REVOKE and READ on the record ({@link KeySharersPort}), may add keys ({@code REQUEST-0007} otherwise).
     */
    Mono<Void> addReaderKey(EthAddress caller, RecordId id, ReaderKey key);
}
