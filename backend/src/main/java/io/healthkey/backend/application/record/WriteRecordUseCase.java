package io.healthkey.backend.application.record;

import java.util.OptionalLong;

import org.springframework.core.io.buffer.DataBuffer;

import io.healthkey.backend.domain.record.RecordDraft;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Client-side encrypted records: reserve an id (the envelope binds it), then upload the ciphertext. The uploader is
 * the patient or a provider the patient granted WRITE on the category.
 */
public interface WriteRecordUseCase {

    /** Reserves a free record id for the draft and keeps its wrapped keys until the upload. */
    Mono<RecordVersion> reserve(EthAddress uploader, RecordDraft draft);

    /**
     * Streams the envelope into the content store, checks its shape (version 1 header, a length some plaintext
     * has), simulates the anchor and hands it to the relayer. Answers once the ciphertext is pinned; the anchor
     * goes on in the background, followed through the receipt's chain request. Every buffer the envelope emits is
     * released here, pooled or not; a refused upload does not subscribe to it at all.
     */
    Mono<UploadReceipt> upload(EthAddress uploader, RecordId id, OptionalLong declaredLength, Flux<DataBuffer> envelope);
}
