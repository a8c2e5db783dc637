package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.encryptionKey;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.required;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.signature;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.RecoveryDtos.RecoveryEventResponse;
import io.healthkey.backend.adapter.inbound.web.RecoveryDtos.RecoveryRequestBody;
import io.healthkey.backend.adapter.inbound.web.RecoveryDtos.RecoveryRequestResponse;
import io.healthkey.backend.adapter.inbound.web.RecoveryDtos.ShareTransferBody;
import io.healthkey.backend.adapter.inbound.web.RecoveryDtos.ShareTransferRequest;
import io.healthkey.backend.adapter.inbound.web.RecoveryDtos.ShareTransferResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.recovery.RecoveryUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Recovery", description = "Guardian recovery of the patient's encryption key: requests, kits, transfers")
class RecoveryController {

    private static final String REQUEST_ID = "the recovery request's id";

    private final RecoveryUseCase recovery;

    RecoveryController(RecoveryUseCase recovery) {
        this.recovery = recovery;
    }

    @PostMapping("/recovery/requests")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "requestRecovery",
            summary = "Ask the guardians of your current recovery kit to re-wrap their shares for a new device key",
            description = "The signed-in account is the patient; its current kit is its newest anchored record of "
                    + "category 4098. Logged in the patient's recovery log.")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.RECOVERY_NO_KIT,
            ErrorCode.RECOVERY_REQUESTS_EXHAUSTED, ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CONTENT_UNAVAILABLE,
            ErrorCode.CONTENT_INTEGRITY, ErrorCode.CONTENT_UPSTREAM_ERROR})
    Mono<RecoveryRequestResponse> request(@Parameter(hidden = true) Session session,
            @RequestBody RecoveryRequestBody body) {
        return Mono.fromCallable(() -> encryptionKey("devicePublicKey", required("body", body).devicePublicKey()))
                .flatMap(deviceKey -> recovery.request(session.address(), deviceKey))
                .map(RecoveryRequestResponse::of);
    }

    @GetMapping("/recovery/guardian-requests")
    @Operation(operationId = "guardianRecoveryRequests",
            summary = "The open recovery requests whose kit names you as a guardian, newest first")
    @ProblemResponses({})
    Mono<List<RecoveryRequestResponse>> guardianRequests(@Parameter(hidden = true) Session session) {
        return recovery.openFor(session.address()).map(RecoveryRequestResponse::of).collectList();
    }

    @GetMapping("/recovery/requests/{requestId}")
    @Operation(operationId = "recoveryRequest", summary = "A recovery request, to its patient and its guardians")
    @ProblemResponses({ErrorCode.RECOVERY_REQUEST_NOT_FOUND})
    Mono<RecoveryRequestResponse> find(@Parameter(hidden = true) Session session,
            @Parameter(description = REQUEST_ID, schema = @Schema(pattern = ApiPatterns.REQUEST_ID))
            @PathVariable String requestId) {
        return recovery.find(session.address(), requestId).map(RecoveryRequestResponse::of);
    }

    @GetMapping(path = "/recovery/requests/{requestId}/kit", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(operationId = "recoveryKit",
            summary = "The request's recovery kit, as anchored (docs/FORMAT.md): to its patient, and to its "
                    + "guardians while it is open (logged)")
    @ApiResponse(responseCode = "200", description = "the kit's bytes, read from the CID the chain anchored",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary")))
    @ProblemResponses({ErrorCode.RECOVERY_REQUEST_NOT_FOUND, ErrorCode.RECOVERY_REQUEST_EXPIRED,
            ErrorCode.RECOVERY_INVALID_KIT, ErrorCode.CONTENT_UNAVAILABLE, ErrorCode.CONTENT_NOT_FOUND,
            ErrorCode.CONTENT_INTEGRITY, ErrorCode.CONTENT_UPSTREAM_ERROR})
    Mono<ResponseEntity<byte[]>> kit(@Parameter(hidden = true) Session session,
            @Parameter(description = REQUEST_ID, schema = @Schema(pattern = ApiPatterns.REQUEST_ID))
            @PathVariable String requestId) {
        return recovery.kit(session.address(), requestId)
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .cacheControl(CacheControl.noStore()).body(bytes));
    }

    @PostMapping("/recovery/requests/{requestId}/transfers")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "transferShare",
            summary = "As a guardian, hand over your share re-wrapped for the request's device key, signed",
            description = "The signed-in account must be the transfer's guardian and a guardian of the request's kit; "
                    + "once per guardian and request. Logged in the patient's recovery log.")
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.RECOVERY_REQUEST_NOT_FOUND,
            ErrorCode.RECOVERY_NOT_GUARDIAN, ErrorCode.RECOVERY_REQUEST_EXPIRED, ErrorCode.RECOVERY_TRANSFER_MISMATCH,
            ErrorCode.RECOVERY_TRANSFER_EXPIRED, ErrorCode.RECOVERY_INVALID_SIGNER,
            ErrorCode.RECOVERY_SHARE_ALREADY_TRANSFERRED, ErrorCode.RECOVERY_INVALID_KIT, ErrorCode.CHAIN_UNAVAILABLE,
            ErrorCode.CONTENT_UNAVAILABLE, ErrorCode.CONTENT_NOT_FOUND, ErrorCode.CONTENT_INTEGRITY,
            ErrorCode.CONTENT_UPSTREAM_ERROR}, protocol = "PROTO-0003")
    Mono<ShareTransferResponse> transfer(@Parameter(hidden = true) Session session,
            @Parameter(description = REQUEST_ID, schema = @Schema(pattern = ApiPatterns.REQUEST_ID))
            @PathVariable String requestId,
            @RequestBody ShareTransferRequest body) {
        return Mono.fromCallable(() -> {
                    ShareTransferRequest request = required("body", body);
                    return new Parsed(required("transfer", request.transfer()).toMessage(),
                            signature("signature", request.signature()));
                })
                .flatMap(parsed -> recovery.transfer(session.address(), requestId, parsed.message(),
                        parsed.signature()))
                .map(ShareTransferResponse::of);
    }

    @GetMapping("/recovery/requests/{requestId}/transfers")
    @Operation(operationId = "shareTransfers",
            summary = "The transfers of your request so far, in the order they were accepted: the patient only")
    @ProblemResponses({ErrorCode.RECOVERY_REQUEST_NOT_FOUND, ErrorCode.REQUEST_NOT_PATIENT})
    Mono<List<ShareTransferResponse>> transfers(@Parameter(hidden = true) Session session,
            @Parameter(description = REQUEST_ID, schema = @Schema(pattern = ApiPatterns.REQUEST_ID))
            @PathVariable String requestId) {
        return recovery.transfers(session.address(), requestId).map(ShareTransferResponse::of).collectList();
    }

    @GetMapping("/patients/{patient}/recovery-log")
    @Operation(operationId = "recoveryLog",
            summary = "Every accepted step of the recoveries of your key, newest first (the latest 500)")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT})
    Mono<List<RecoveryEventResponse>> log(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMapMany(account -> recovery.log(session.address(), account))
                .map(RecoveryEventResponse::of)
                .collectList();
    }

    @GetMapping(path = "/patients/{patient}/recovery-kit", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(operationId = "currentRecoveryKit",
            summary = "Your current recovery kit, as anchored (docs/FORMAT.md): the one a recovery request made now "
                    + "would name, so that any of your devices can show its guardians")
    @ApiResponse(responseCode = "200", description = "the kit's bytes, read from the CID the chain anchored",
            headers = {
                @Header(name = BinaryBodies.RECORD_ID, description = "the kit's record id",
                        schema = @Schema(pattern = ApiPatterns.BYTES32)),
                @Header(name = BinaryBodies.CID, description = "the CID the chain anchored",
                        schema = @Schema(pattern = ApiPatterns.CID))},
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary")))
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT, ErrorCode.RECOVERY_NO_KIT,
            ErrorCode.CONTENT_UNAVAILABLE, ErrorCode.CONTENT_NOT_FOUND, ErrorCode.CONTENT_INTEGRITY,
            ErrorCode.CONTENT_UPSTREAM_ERROR})
    Mono<ResponseEntity<byte[]>> currentKit(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMap(account -> recovery.currentKit(session.address(), account))
                .map(kit -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .header(BinaryBodies.RECORD_ID, kit.record().toHex())
                        .header(BinaryBodies.CID, kit.cid().toString())
                        .cacheControl(CacheControl.noStore()).body(kit.bytes()));
    }

    private record Parsed(ShareTransferMessage message, AccountSignature signature) {
    }
}
