package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.optionalRecordId;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.recordId;

import java.util.Optional;

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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.RecordDtos.UploadResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
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

    private static final String FHIR_JSON = "application/fhir+json";
    private static final String PDF = "application/pdf";
    private static final String DICOM = "application/dicom";

    private final GatewayUseCase gateway;

    GatewayController(GatewayUseCase gateway) {
        this.gateway = gateway;
    }

    @PostMapping("/patients/{patient}/records")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "gatewayUpload",
            summary = "Post a plaintext record for a patient: FHIR R4 JSON (validated), PDF or DICOM, streamed",
            description = "Invalid FHIR: 422 FHIR-0001 with an OperationOutcome. Other media types: 415. "
                    + "Over the size limit: 413. Answers once the ciphertext is pinned; follow the anchor at statusUrl "
                    + "or eventsUrl.")
    @ProblemResponses(value = {ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED,
            ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.GATEWAY_NOT_ACCREDITED,
            ErrorCode.GATEWAY_NO_CLINIC_KEY, ErrorCode.RECORD_NOT_WRITABLE, ErrorCode.FHIR_INVALID,
            ErrorCode.FHIR_UNSUPPORTED_RESOURCE, ErrorCode.DIRECTORY_NO_ENCRYPTION_KEY,
            ErrorCode.RECORD_INVALID_SUPERSEDES, ErrorCode.RECORD_ID_TAKEN, ErrorCode.RECORD_UNAUTHORIZED_AUTHOR,
            ErrorCode.RECORD_UNAUTHORIZED_RELAYER, ErrorCode.CONTENT_UNAVAILABLE, ErrorCode.CONTENT_UPSTREAM_ERROR,
            ErrorCode.CONTENT_STORAGE_FAILED, ErrorCode.CONTENT_REPLICATION_NOT_REACHED, ErrorCode.CHAIN_UNAVAILABLE,
            ErrorCode.CHAIN_UNKNOWN_REVERT},
            protocol = "PROTO-0003")
    Mono<UploadResponse> upload(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @Parameter(description = "the record id of the version this one replaces",
                    schema = @Schema(pattern = ApiPatterns.BYTES32)) @RequestParam(required = false) String supersedes,
            ServerHttpRequest request,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "the plaintext, streamed; its Content-Type says which it is", content = {
                        @Content(mediaType = FHIR_JSON, schema = @Schema(type = "string", format = "binary",
                                description = "a FHIR R4 resource; its resourceType gives the category")),
                        @Content(mediaType = PDF, schema = @Schema(type = "string", format = "binary")),
                        @Content(mediaType = DICOM, schema = @Schema(type = "string", format = "binary"))})
            @RequestBody Flux<DataBuffer> body) {
        return Mono.fromCallable(() -> new GatewayUpload(address("patient", patient), mediaTypeOf(request),
                        optionalRecordId("supersedes", supersedes), BinaryBodies.declaredLength(request)))
                .flatMap(upload -> gateway.upload(session.address(), upload, body))
                .map(UploadResponse::of);
    }

    @GetMapping("/records/{recordId}/content")
    @Operation(operationId = "gatewayReadContent",
            summary = "Read a record you were granted, decrypted with the key the gateway holds for you",
            description = "Same checks and read log as the ciphertext read. The body is verified segment by segment; "
                    + "if a segment fails, the response is cut off rather than carrying unverified bytes.")
    @ApiResponse(responseCode = "200", description = "the plaintext, in the media type it was stored with",
            headers = {
                @Header(name = BinaryBodies.RECORD_ID, description = "the record id",
                        schema = @Schema(pattern = ApiPatterns.BYTES32)),
                @Header(name = BinaryBodies.CID, description = "the CID the chain anchored",
                        schema = @Schema(pattern = ApiPatterns.CID)),
                @Header(name = HttpHeaders.CACHE_CONTROL, schema = @Schema(allowableValues = "no-store"))},
            content = {
                @Content(mediaType = FHIR_JSON, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = PDF, schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = DICOM, schema = @Schema(type = "string", format = "binary"))})
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.GATEWAY_NO_CLINIC_KEY,
            ErrorCode.RECORD_NOT_FOUND, ErrorCode.RECORD_NOT_ANCHORED, ErrorCode.ACCESS_DENIED,
            ErrorCode.ACCESS_NO_WRAPPED_KEY, ErrorCode.RECORD_CONTENT_MISMATCH, ErrorCode.CHAIN_UNAVAILABLE,
            ErrorCode.CONTENT_UNAVAILABLE, ErrorCode.CONTENT_NOT_FOUND, ErrorCode.CONTENT_INTEGRITY,
            ErrorCode.CONTENT_UPSTREAM_ERROR, ErrorCode.CONTENT_NOT_A_FILE}, protocol = "PROTO-0008")
    Mono<ResponseEntity<Flux<DataBuffer>>> content(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.BYTES32)) @PathVariable String recordId) {
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
