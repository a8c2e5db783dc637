package io.healthkey.backend.application.gateway;

import org.springframework.core.io.buffer.DataBuffer;

import io.healthkey.backend.application.record.RecordContent;
import io.healthkey.backend.application.record.UploadReceipt;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The clinic gateway: an accredited clinic whose decryption key this gateway holds posts and reads plaintext, and
 * the gateway does the encryption. The record key exists only while the record streams through.
 */
public interface GatewayUseCase {

    /**
     * Validates (FHIR), encrypts under a fresh key, wraps the key for the patient, the clinic and the readers of
     * the superseded version who still have access, pins and anchors. Invalid FHIR fails with {@code FHIR-0001}
     * carrying an OperationOutcome. Every buffer the plaintext emits is released here, pooled or not; a refused
     * upload does not subscribe to it at all.
     */
    Mono<UploadReceipt> upload(EthAddress clinic, GatewayUpload upload, Flux<DataBuffer> plaintext);

    /** A record the clinic may read, decrypted with the clinic's key; the read is logged as any other. */
    Mono<RecordContent> readPlaintext(EthAddress clinic, RecordId id);
}
