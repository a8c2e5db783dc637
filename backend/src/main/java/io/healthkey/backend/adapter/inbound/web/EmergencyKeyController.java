package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.required;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.signature;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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

import io.healthkey.backend.adapter.inbound.web.RecoveryDtos.ShareTransferBody;
import io.healthkey.backend.adapter.inbound.web.RecoveryDtos.ShareTransferRequest;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.emergency.EmergencyKeysUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.emergency.EmergencyTransfer;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The key in an emergency: the patient's emergency kit, the keyholders' share transfers to a requester, and their
 * collection by the requester (docs/API.md, "Emergency access"). The same kit bytes and ShareTransfer messages as
 * guardian recovery; the recipient is the requester's published key.
 */
@RestController
@RequestMapping("/api/v1/emergency/patients/{patient}")
@Tag(name = "Emergency access")
class EmergencyKeyController {

    private final EmergencyKeysUseCase keys;

    EmergencyKeyController(EmergencyKeysUseCase keys) {
        this.keys = keys;
    }

    @GetMapping("/kit")
    @Operation(operationId = "emergencyKit",
            summary = "The patient's current emergency kit: to the patient, its keyholders, and a requester whose "
                    + "window is open")
    @ApiResponse(responseCode = "200", description = "the kit's bytes, read from the CID the chain anchored",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                    schema = @Schema(type = "string", format = "binary")))
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.EMERGENCY_NO_KIT, ErrorCode.EMERGENCY_NO_OPEN_WINDOW,
            ErrorCode.CONTENT_UNAVAILABLE, ErrorCode.CONTENT_NOT_FOUND, ErrorCode.CONTENT_INTEGRITY,
            ErrorCode.CONTENT_UPSTREAM_ERROR})
    Mono<ResponseEntity<byte[]>> kit(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMap(account -> keys.kit(session.address(), account))
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .cacheControl(CacheControl.noStore()).body(bytes));
    }

    @PostMapping("/requesters/{requester}/transfers")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "transferEmergencyShare",
            summary = "As a keyholder, hand your share over to a requester, re-wrapped for its published key, signed",
            description = "The requester must have a request in its approval period or an open window; once per "
                    + "keyholder, requester and kit. The signed transfer is kept as the patient's log of it.")
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.EMERGENCY_NO_KIT,
            ErrorCode.EMERGENCY_NOT_KEYHOLDER, ErrorCode.EMERGENCY_NO_OPEN_WINDOW,
            ErrorCode.DIRECTORY_NO_ENCRYPTION_KEY, ErrorCode.EMERGENCY_TRANSFER_MISMATCH,
            ErrorCode.EMERGENCY_INVALID_SIGNER, ErrorCode.EMERGENCY_SHARE_ALREADY_TRANSFERRED,
            ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CONTENT_UNAVAILABLE, ErrorCode.CONTENT_NOT_FOUND,
            ErrorCode.CONTENT_INTEGRITY, ErrorCode.CONTENT_UPSTREAM_ERROR}, protocol = "PROTO-0003")
    Mono<TransferResponse> transfer(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String requester,
            @RequestBody ShareTransferRequest body) {
        return Mono.fromCallable(() -> new Parsed(address("patient", patient), address("requester", requester),
                        required("body", body)))
                .flatMap(parsed -> keys.transfer(session.address(), parsed.patient(), parsed.requester(),
                        required("transfer", parsed.body().transfer()).toMessage(),
                        signature("signature", parsed.body().signature())))
                .map(TransferResponse::of);
    }

    @GetMapping("/transfers")
    @Operation(operationId = "emergencyShareTransfers",
            summary = "The keyholders' transfers to you (the signed-in requester) while your window is open")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.EMERGENCY_NO_OPEN_WINDOW, ErrorCode.EMERGENCY_NO_KIT,
            ErrorCode.CONTENT_UNAVAILABLE, ErrorCode.CONTENT_NOT_FOUND, ErrorCode.CONTENT_INTEGRITY,
            ErrorCode.CONTENT_UPSTREAM_ERROR})
    Mono<List<TransferResponse>> transfers(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMapMany(account -> keys.transfers(session.address(), account))
                .map(TransferResponse::of)
                .collectList();
    }

    private record Parsed(EthAddress patient, EthAddress requester, ShareTransferRequest body) {
    }

    @Schema(name = "EmergencyShareTransfer", description = "A keyholder's accepted transfer: check the signature, "
            + "open the share with your key", requiredProperties = {"requester", "transfer", "signature",
                "acceptedAt"})
    record TransferResponse(@Schema(pattern = ApiPatterns.ADDRESS) String requester, ShareTransferBody transfer,
            @Schema(description = "the keyholder's signature", pattern = ApiPatterns.SIGNATURE) String signature,
            @Schema(description = "accepted at: " + ApiPatterns.INSTANT_UNIT, format = "date-time") String acceptedAt) {

        static TransferResponse of(EmergencyTransfer transfer) {
            return new TransferResponse(transfer.requester().toString(), ShareTransferBody.of(transfer.message()),
                    transfer.signature().toHex(), transfer.acceptedAt().toString());
        }
    }
}
