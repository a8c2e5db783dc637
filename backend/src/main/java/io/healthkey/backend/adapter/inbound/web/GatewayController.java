package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.optionalRecordId;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.recordId;

import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.RecordDtos.UploadResponse;
import io.healthkey.backend.application.gateway.GatewayUpload;
import io.healthkey.backend.application.gateway.GatewayUseCase;
import io.healthkey.backend.application.record.RecordContent;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

@RestController
@RequestMapping("/api/v1/gateway")
@Tag(name = "Clinic gateway", description = "Plaintext FHIR, PDF and DICOM in and out for clinics whose key the "
        + "gateway holds; it encrypts, wraps the key for the patient and the clinic, and forgets the key")
class GatewayController {

    private final GatewayUseCase gateway;

    GatewayController(GatewayUseCase gateway) {
        this.gateway = gateway;
    }

    @PostMapping("/patients/{patient}/records")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Post a plaintext record for a patient: FHIR R4 JSON (validated), PDF or DICOM, streamed",
            description = "Invalid FHIR: 422 FHIR-0001 with an OperationOutcome. Other media types: 415. "
                    + "Over the size limit: 413. Answers once the ciphertext is pinned; follow the anchor at statusUrl.")
    Mono<UploadResponse> upload(@Parameter(hidden = true) Session session, @PathVariable String patient,
            @RequestParam(required = false) String supersedes, ServerHttpRequest request,
            @RequestBody Flux<DataBuffer> body) {
        return Mono.fromCallable(() -> new GatewayUpload(address("patient", patient), mediaTypeOf(request),
                        optionalRecordId("supersedes", supersedes), BinaryBodies.declaredLength(request)))
                .flatMap(upload -> gateway.upload(session.address(), upload, body))
                .map(UploadResponse::of);
    }

    @GetMapping("/records/{recordId}/content")
    @Operation(summary = "Read a record you were granted, decrypted with the key the gateway holds for you",
            description = "Same checks and read log as the ciphertext read. The body is verified segment by segment; "
                    + "if a segment fails, the response is cut off rather than carrying unverified bytes.")
    Mono<ResponseEntity<Flux<DataBuffer>>> content(@Parameter(hidden = true) Session session,
            @PathVariable String recordId) {
        return Mono.fromCallable(() -> recordId("recordId", recordId))
                .flatMap(id -> gateway.readPlaintext(session.address(), id))
                .map(GatewayController::plaintextResponse);
    }

    private static ResponseEntity<Flux<DataBuffer>> plaintextResponse(RecordContent record) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(record.version().mediaType()))
                .headers(headers -> {
                    BinaryBodies.noStore(headers);
                    headers.set(BinaryBodies.RECORD_ID, record.version().id().toHex());
                    headers.set(BinaryBodies.CID, record.anchoredCid().toString());
                })
                .body(BinaryBodies.buffersOf(record.bytes()));
    }

    private static String mediaTypeOf(ServerHttpRequest request) {
        return Optional.ofNullable(request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))
                .orElseThrow(() -> new DomainException(ErrorCode.REQUEST_UNSUPPORTED_MEDIA_TYPE,
                        "send the record's media type as Content-Type"));
    }
}
