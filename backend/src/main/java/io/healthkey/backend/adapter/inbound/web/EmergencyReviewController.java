package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.recordId;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.emergency.EmergencyContent;
import io.healthkey.backend.application.emergency.EmergencyReadUseCase;
import io.healthkey.backend.application.emergency.EmergencyReviewUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.emergency.EmergencyEpisode;
import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.backend.domain.error.ErrorCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads through an emergency window, and the patient's review of emergency access (docs/API.md). */
@RestController
@Tag(name = "Emergency access")
class EmergencyReviewController {

    private final EmergencyReadUseCase reads;
    private final EmergencyReviewUseCase review;

    EmergencyReviewController(EmergencyReadUseCase reads, EmergencyReviewUseCase review) {
        this.reads = reads;
        this.review = review;
    }

    @GetMapping(path = "/api/v1/emergency/records/{recordId}/content",
            produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(operationId = "readRecordInEmergency",
            summary = "Read a record's ciphertext through your open emergency window on its patient",
            description = "No wrapped key: the requester rebuilds the record key from the keyholders' shares. "
                    + "Logged and flagged as an emergency read; the record is marked for re-keying.")
    @ApiResponse(responseCode = "200", description = "the record envelope, checked against the anchored CID",
            headers = {
                @Header(name = BinaryBodies.RECORD_ID, description = "the record id",
                        schema = @Schema(pattern = ApiPatterns.BYTES32)),
                @Header(name = BinaryBodies.CID, description = "the CID the chain anchored",
                        schema = @Schema(pattern = ApiPatterns.CID)),
                @Header(name = BinaryBodies.WRAPPED_KEY, description = "the record key wrapped for the key of the "
                        + "patient's emergency kit (docs/FORMAT.md, \"Emergency kit\"); absent if the patient did not "
                        + "wrap it for that key", schema = @Schema(pattern = ApiPatterns.HEX))},
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary")))
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.EMERGENCY_NO_OPEN_WINDOW,
            ErrorCode.RECORD_NOT_ANCHORED, ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CONTENT_UNAVAILABLE,
            ErrorCode.CONTENT_NOT_FOUND, ErrorCode.CONTENT_INTEGRITY, ErrorCode.CONTENT_UPSTREAM_ERROR})
    Mono<ResponseEntity<Flux<DataBuffer>>> content(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.BYTES32)) @PathVariable String recordId) {
        return Mono.fromCallable(() -> recordId("recordId", recordId))
                .flatMap(id -> reads.read(session.address(), id))
                .map(EmergencyReviewController::ciphertext);
    }

    @GetMapping("/api/v1/patients/{patient}/emergency-access")
    @Operation(operationId = "reviewEmergencyAccess",
            summary = "The patient's emergency access entries: who asked, when and why, who approved, the window and "
                    + "what was read through it")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT})
    Flux<EpisodeResponse> review(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMapMany(address -> review.review(session.address(), address))
                .map(EpisodeResponse::of);
    }

    private static ResponseEntity<Flux<DataBuffer>> ciphertext(EmergencyContent content) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(BinaryBodies.RECORD_ID, content.record().toHex())
                .header(BinaryBodies.CID, content.anchoredCid().toString())
                .headers(headers -> content.keyForEmergencyKey().ifPresent(key ->
                        headers.set(BinaryBodies.WRAPPED_KEY, key.toHex())))
                .headers(BinaryBodies::noStore)
                .body(BinaryBodies.buffersOf(content.bytes()));
    }

    @Schema(name = "EmergencyAccessEntry", requiredProperties = {"requester", "round", "requestedAt", "reasonHash",
        "approvals", "reads"})
    record EpisodeResponse(@Schema(pattern = ApiPatterns.ADDRESS) String requester, long round,
            @Schema(description = "ISO-8601, the request's block time", format = "date-time") Instant requestedAt,
            @Schema(pattern = ApiPatterns.BYTES32) String reasonHash,
            @Schema(description = "the reason in clear; absent for a request relayed by another service")
            String reason,
            List<ApprovalResponse> approvals,
            @Schema(description = "ISO-8601, the window's opening block time; absent if it never opened",
                    format = "date-time") Instant windowOpenedAt,
            @Schema(description = "ISO-8601, the window's end as the chain set it", format = "date-time")
            Instant windowUntil,
            @Schema(description = "ISO-8601, when the patient closed it early", format = "date-time")
            Instant closedAt,
            List<ReadResponse> reads) {

        static EpisodeResponse of(EmergencyEpisode episode) {
            return new EpisodeResponse(episode.requester().toString(), episode.round(), episode.requestedAt(),
                    episode.reasonHash().toHex(), episode.reason().orElse(null),
                    episode.approvals().stream().map(ApprovalResponse::of).toList(),
                    episode.window().map(EmergencyEpisode.Window::openedAt).orElse(null),
                    episode.window().map(EmergencyEpisode.Window::until).orElse(null),
                    episode.closedAt().orElse(null), episode.reads().stream().map(ReadResponse::of).toList());
        }
    }

    @Schema(name = "EmergencyApproval", requiredProperties = {"keyholder", "at", "transactionHash"})
    record ApprovalResponse(@Schema(pattern = ApiPatterns.ADDRESS) String keyholder,
            @Schema(description = "ISO-8601, its block time", format = "date-time") Instant at,
            @Schema(pattern = ApiPatterns.BYTES32) String transactionHash) {

        static ApprovalResponse of(EmergencyEpisode.Approval approval) {
            return new ApprovalResponse(approval.keyholder().toString(), approval.at(), approval.transactionHash());
        }
    }

    @Schema(name = "EmergencyRead", requiredProperties = {"recordId", "at"})
    record ReadResponse(@Schema(pattern = ApiPatterns.BYTES32) String recordId,
            @Schema(description = "ISO-8601, when it was served", format = "date-time") Instant at) {

        static ReadResponse of(EmergencyRead read) {
            return new ReadResponse(read.record().toHex(), read.at());
        }
    }
}
