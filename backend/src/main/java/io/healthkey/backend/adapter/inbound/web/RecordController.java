package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.category;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.optionalRecordId;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.recordId;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.required;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.wrappedKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.RecordDtos.ReadableKeyResponse;
import io.healthkey.backend.adapter.inbound.web.RecordDtos.ReaderKeyRequest;
import io.healthkey.backend.adapter.inbound.web.RecordDtos.ReservationRequest;
import io.healthkey.backend.adapter.inbound.web.RecordDtos.ReservationResponse;
import io.healthkey.backend.adapter.inbound.web.RecordDtos.UploadResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.record.ReadRecordUseCase;
import io.healthkey.backend.application.record.RecordContent;
import io.healthkey.backend.application.record.WriteRecordUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordDraft;
import io.healthkey.protocol.EthAddress;

@RestController
@RequestMapping("/api/v1/records")
@Tag(name = "Records", description = "Client-side encrypted records: reserve, upload ciphertext, read with your key")
class RecordController {

    private final WriteRecordUseCase write;
    private final ReadRecordUseCase read;

    RecordController(WriteRecordUseCase write, ReadRecordUseCase read) {
        this.write = write;
        this.read = read;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "reserveRecord",
            summary = "Reserve the id of a record you will encrypt (the envelope binds it) and leave its wrapped keys",
            description = "The uploader is the patient or a provider the patient granted WRITE on the category.")
    @ProblemResponses(value = {ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED,
            ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT, ErrorCode.RECORD_NOT_WRITABLE,
            ErrorCode.RECORD_MISSING_WRAPPED_KEY, ErrorCode.RECORD_INVALID_SUPERSEDES, ErrorCode.RECORD_ID_TAKEN,
            ErrorCode.CHAIN_UNAVAILABLE}, protocol = "PROTO-0003")
    Mono<ReservationResponse> reserve(@Parameter(hidden = true) Session session,
            @RequestBody ReservationRequest request) {
        return Mono.fromCallable(() -> toDraft(required("body", request)))
                .flatMap(draft -> write.reserve(session.address(), draft))
                .map(ReservationResponse::of);
    }

    @PutMapping(path = "/{recordId}/content", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "uploadRecordContent",
            summary = "Upload the record envelope (ciphertext), streamed; it is pinned, then anchored",
            description = "Answers 202 once pinned; follow the anchor at statusUrl or eventsUrl. Over the size limit: "
                    + "413.")
    @ProblemResponses({ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED,
            ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.RECORD_RESERVATION_UNKNOWN,
            ErrorCode.RECORD_INVALID_ENVELOPE, ErrorCode.RECOVERY_INVALID_KIT, ErrorCode.RECORD_NOT_WRITABLE,
            ErrorCode.RECORD_ID_TAKEN,
            ErrorCode.RECORD_INVALID_SUPERSEDES, ErrorCode.RECORD_INVALID_ID, ErrorCode.RECORD_INVALID_CONTENT,
            ErrorCode.RECORD_UNAUTHORIZED_AUTHOR, ErrorCode.RECORD_UNAUTHORIZED_RELAYER, ErrorCode.CONTENT_UNAVAILABLE,
            ErrorCode.CONTENT_UPSTREAM_ERROR, ErrorCode.CONTENT_INTEGRITY, ErrorCode.CONTENT_STORAGE_FAILED,
            ErrorCode.CONTENT_REPLICATION_NOT_REACHED, ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CHAIN_UNKNOWN_REVERT})
    Mono<UploadResponse> upload(@Parameter(hidden = true) Session session,
            @Parameter(description = "the reserved record id", schema = @Schema(pattern = ApiPatterns.BYTES32))
            @PathVariable String recordId,
            ServerHttpRequest request,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "the record envelope (docs/FORMAT.md), streamed; for a recovery kit (category "
                            + "4098), the kit's own bytes",
                    content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            schema = @Schema(type = "string", format = "binary")))
            @RequestBody Flux<DataBuffer> body) {
        return Mono.fromCallable(() -> recordId("recordId", recordId))
                .flatMap(id -> write.upload(session.address(), id, BinaryBodies.declaredLength(request), body))
                .map(UploadResponse::of);
    }

    @GetMapping(path = "/{recordId}/content", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(operationId = "readRecordContent",
            summary = "Read a record's ciphertext, with the record key wrapped for you in HealthKey-Wrapped-Key",
            description = "The patient always; others with a READ grant on chain. Logged, allowed or denied.")
    @ApiResponse(responseCode = "200", description = "the record envelope, checked block by block against the "
            + "anchored CID as it streams",
            headers = {
                @Header(name = BinaryBodies.RECORD_ID, description = "the record id",
                        schema = @Schema(pattern = ApiPatterns.BYTES32)),
                @Header(name = BinaryBodies.CID, description = "the CID the chain anchored",
                        schema = @Schema(pattern = ApiPatterns.CID)),
                @Header(name = BinaryBodies.MEDIA_TYPE, description = "the plaintext's media type",
                        schema = @Schema(type = "string")),
                @Header(name = BinaryBodies.WRAPPED_KEY, description = "the record key wrapped for the caller (ECIES, "
                        + "eciesjs format, docs/FORMAT.md)", schema = @Schema(pattern = ApiPatterns.HEX)),
                @Header(name = HttpHeaders.CONTENT_LENGTH, schema = @Schema(type = "integer", format = "int64")),
                @Header(name = HttpHeaders.CACHE_CONTROL, schema = @Schema(allowableValues = "no-store"))},
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary")))
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.RECORD_NOT_FOUND, ErrorCode.RECORD_NOT_ANCHORED,
            ErrorCode.ACCESS_DENIED, ErrorCode.ACCESS_NO_WRAPPED_KEY, ErrorCode.RECORD_CONTENT_MISMATCH,
            ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CONTENT_UNAVAILABLE, ErrorCode.CONTENT_NOT_FOUND,
            ErrorCode.CONTENT_INTEGRITY, ErrorCode.CONTENT_UPSTREAM_ERROR, ErrorCode.CONTENT_NOT_A_FILE})
    Mono<ResponseEntity<Flux<DataBuffer>>> content(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.BYTES32)) @PathVariable String recordId) {
        return Mono.fromCallable(() -> recordId("recordId", recordId))
                .flatMap(id -> read.read(session.address(), id))
                .map(RecordController::ciphertextResponse);
    }

    @GetMapping("/{recordId}/key")
    @Operation(operationId = "readRecordKey",
            summary = "The record key wrapped for you, with the anchored CID, without the bytes",
            description = "Same checks as reading the content, and logged as a read. Lets a patient re-wrap a key for "
                    + "a grantee without downloading the record. When this service holds no key wrapped for the "
                    + "patient (it lost its database), the patient gets the one in the envelope's header (version 2; "
                    + "409 ACCESS-0003 for version 1, which carries none).")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.RECORD_NOT_FOUND, ErrorCode.RECORD_NOT_ANCHORED,
            ErrorCode.ACCESS_DENIED, ErrorCode.ACCESS_NO_WRAPPED_KEY, ErrorCode.RECORD_CONTENT_MISMATCH,
            ErrorCode.CHAIN_UNAVAILABLE})
    Mono<ReadableKeyResponse> key(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.BYTES32)) @PathVariable String recordId) {
        return Mono.fromCallable(() -> recordId("recordId", recordId))
                .flatMap(id -> read.keyFor(session.address(), id))
                .map(key -> new ReadableKeyResponse(key.version().id().toHex(), session.address().toString(),
                        key.wrappedKey().toHex(), key.anchoredCid().toString(), key.version().mediaType(),
                        key.version().size()));
    }

    @PostMapping("/{recordId}/keys")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "addReaderKey",
            summary = "The patient, or a caregiver holding GRANT_REVOKE and READ on the record, adds the record key "
                    + "wrapped for a reader who holds READ access; the patient, for its current emergency kit's key too")
    @ApiResponse(responseCode = "204", description = "kept")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT, ErrorCode.RECORD_NOT_FOUND,
            ErrorCode.RECORD_NOT_ANCHORED, ErrorCode.ACCESS_DENIED, ErrorCode.CHAIN_UNAVAILABLE})
    Mono<Void> addKey(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.BYTES32)) @PathVariable String recordId,
            @RequestBody ReaderKeyRequest request) {
        return Mono.fromCallable(() -> new ReaderKey(address("reader", required("body", request).reader()),
                        wrappedKey("wrappedKey", request.wrappedKey())))
                .flatMap(key -> read.addReaderKey(session.address(), recordId("recordId", recordId), key));
    }

    static ResponseEntity<Flux<DataBuffer>> ciphertextResponse(RecordContent record) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(record.version().size())
                .headers(headers -> {
                    BinaryBodies.noStore(headers);
                    headers.set(BinaryBodies.RECORD_ID, record.version().id().toHex());
                    headers.set(BinaryBodies.CID, record.anchoredCid().toString());
                    headers.set(BinaryBodies.MEDIA_TYPE, record.version().mediaType());
                    headers.set(BinaryBodies.WRAPPED_KEY, record.wrappedKey().toHex());
                })
                .body(BinaryBodies.buffersOf(record.bytes()));
    }

    private static RecordDraft toDraft(ReservationRequest request) {
        EthAddress patient = address("patient", request.patient());
        List<ReaderKey> keys = new ArrayList<>();
        for (Map.Entry<String, String> entry : required("wrappedKeys", request.wrappedKeys()).entrySet()) {
            EthAddress reader = address("wrappedKeys key", entry.getKey());
            keys.add(new ReaderKey(reader, wrappedKey("wrappedKeys[" + reader + "]", entry.getValue())));
        }
        return new RecordDraft(patient, category("category", request.category()),
                required("mediaType", request.mediaType()), optionalRecordId("supersedes", request.supersedes()),
                keys);
    }
}
