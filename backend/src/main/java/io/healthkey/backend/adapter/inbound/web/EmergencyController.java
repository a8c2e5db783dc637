package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.bytes32;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.epochSeconds;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.purpose;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.required;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.scope;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.signature;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.uint;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.healthkey.backend.adapter.inbound.web.ConsentDtos.RelayResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.emergency.EmergencyRelayUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.EmergencyMessage;
import reactor.core.publisher.Mono;

/**
 * Emergency access (break-glass), docs/API.md "Emergency access": relays the patient's setup and closures, an
 * accredited provider's request and keyholders' approvals, each signed (EIP-712) in the {@code EmergencyAccess}
 * domain of {@code GET /api/v1/network}. The chain judges every message; a refusal is its {@code EMERGENCY-…} code.
 */
@RestController
@RequestMapping("/api/v1/emergency")
@Tag(name = "Emergency access", description = "Break-glass: setups, requests, approvals and closures, relayed")
class EmergencyController {

    private final EmergencyRelayUseCase emergency;

    EmergencyController(EmergencyRelayUseCase emergency) {
        this.emergency = emergency;
    }

    @PostMapping("/setups")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayEmergencySetup",
            summary = "Relay the signed-in patient's EmergencySetup: keyholders, threshold, window length, scopes",
            description = "Replaces the patient's setup and closes every open window. Simulated first; 202 once in "
                    + "the outbox.")
    @ProblemResponses(value = {ErrorCode.EMERGENCY_INVALID_KEYHOLDERS, ErrorCode.EMERGENCY_INVALID_THRESHOLD,
            ErrorCode.EMERGENCY_INVALID_WINDOW, ErrorCode.EMERGENCY_INVALID_SCOPES,
            ErrorCode.EMERGENCY_NONCE_MISMATCH, ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.EMERGENCY_INVALID_SIGNER, ErrorCode.EMERGENCY_SIGNATURE_EXPIRED, ErrorCode.CONSENT_DEADLINE_TOO_FAR,
            ErrorCode.EMERGENCY_NOT_DEPLOYED, ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CHAIN_UNKNOWN_REVERT},
            protocol = {"PROTO-0003", "PROTO-0004"})
    Mono<RelayResponse> setup(@Parameter(hidden = true) Session session,
            @RequestBody EmergencySetupRelay request) {
        return Mono.fromCallable(() -> toSetup(required("setup", required("body", request).setup())))
                .flatMap(setup -> emergency.setup(session.address(), setup, signature("signature",
                        request.signature())))
                .map(RelayResponse::of);
    }

    @PostMapping("/requests")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayEmergencyRequest",
            summary = "Relay the signed-in provider's EmergencyRequest, with its reason in clear",
            description = "The reason's keccak256 must be the signed reasonHash; only the hash goes on chain, the "
                    + "text is shown to the patient. Starts a new round of approvals.")
    @ProblemResponses(value = {ErrorCode.EMERGENCY_INVALID_REASON, ErrorCode.EMERGENCY_INVALID_REQUEST,
            ErrorCode.EMERGENCY_NOT_CONFIGURED, ErrorCode.EMERGENCY_UNACCREDITED_REQUESTER,
            ErrorCode.EMERGENCY_NONCE_MISMATCH, ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.EMERGENCY_INVALID_SIGNER, ErrorCode.EMERGENCY_SIGNATURE_EXPIRED, ErrorCode.CONSENT_DEADLINE_TOO_FAR,
            ErrorCode.EMERGENCY_NOT_DEPLOYED, ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CHAIN_UNKNOWN_REVERT},
            protocol = {"PROTO-0003", "PROTO-0004"})
    Mono<RelayResponse> request(@Parameter(hidden = true) Session session,
            @RequestBody EmergencyRequestRelay request) {
        return Mono.fromCallable(() -> toRequest(required("request", required("body", request).request())))
                .flatMap(message -> emergency.request(session.address(), message, required("reason",
                        request.reason()), signature("signature", request.signature())))
                .map(RelayResponse::of);
    }

    @PostMapping("/approvals")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayEmergencyApproval",
            summary = "Relay the signed-in keyholder's EmergencyApproval of a request's round",
            description = "The k-th distinct approval of a round opens the requester's window (EmergencyWindowOpened).")
    @ProblemResponses(value = {ErrorCode.EMERGENCY_NO_SUCH_REQUEST, ErrorCode.EMERGENCY_WRONG_ROUND,
            ErrorCode.EMERGENCY_REQUEST_EXPIRED, ErrorCode.EMERGENCY_STALE_REQUEST, ErrorCode.EMERGENCY_REQUEST_SETTLED,
            ErrorCode.EMERGENCY_NOT_KEYHOLDER, ErrorCode.EMERGENCY_SELF_APPROVAL, ErrorCode.EMERGENCY_ALREADY_APPROVED,
            ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.EMERGENCY_INVALID_SIGNER, ErrorCode.EMERGENCY_SIGNATURE_EXPIRED, ErrorCode.CONSENT_DEADLINE_TOO_FAR,
            ErrorCode.EMERGENCY_NOT_DEPLOYED, ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CHAIN_UNKNOWN_REVERT},
            protocol = {"PROTO-0003", "PROTO-0004"})
    Mono<RelayResponse> approve(@Parameter(hidden = true) Session session,
            @RequestBody EmergencyApprovalRelay request) {
        return Mono.fromCallable(() -> toApproval(required("approval", required("body", request).approval())))
                .flatMap(approval -> emergency.approve(session.address(), approval, signature("signature",
                        request.signature())))
                .map(RelayResponse::of);
    }

    @PostMapping("/closures")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayEmergencyClosure",
            summary = "Relay the signed-in patient's EmergencyClosure of a requester's window or pending request")
    @ProblemResponses(value = {ErrorCode.EMERGENCY_NOTHING_TO_CLOSE,
            ErrorCode.EMERGENCY_NONCE_MISMATCH, ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.EMERGENCY_INVALID_SIGNER, ErrorCode.EMERGENCY_SIGNATURE_EXPIRED, ErrorCode.CONSENT_DEADLINE_TOO_FAR,
            ErrorCode.EMERGENCY_NOT_DEPLOYED, ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CHAIN_UNKNOWN_REVERT},
            protocol = {"PROTO-0003", "PROTO-0004"})
    Mono<RelayResponse> close(@Parameter(hidden = true) Session session,
            @RequestBody EmergencyClosureRelay request) {
        return Mono.fromCallable(() -> toClosure(required("closure", required("body", request).closure())))
                .flatMap(closure -> emergency.close(session.address(), closure, signature("signature",
                        request.signature())))
                .map(RelayResponse::of);
    }

    @GetMapping("/accounts/{account}/nonce")
    @Operation(operationId = "emergencyNonce",
            summary = "The nonce the account's next EmergencySetup, EmergencyRequest or EmergencyClosure must carry")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.EMERGENCY_NOT_DEPLOYED, ErrorCode.CHAIN_UNAVAILABLE})
    Mono<ConsentDtos.NonceResponse> nonce(
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String account) {
        return Mono.fromCallable(() -> address("account", account))
                .flatMap(address -> emergency.nextNonce(address)
                        .map(nonce -> new ConsentDtos.NonceResponse(address.toString(), nonce.toString())));
    }

    private static EmergencyMessage.Setup toSetup(EmergencySetupBody body) {
        EthAddress patient = address("setup.patient", body.patient());
        List<EthAddress> keyholders = new ArrayList<>();
        List<String> given = required("setup.keyholders", body.keyholders());
        for (int i = 0; i < given.size() && i <= EmergencyMessage.Setup.MAX_KEYHOLDERS; i++) {
            keyholders.add(address("setup.keyholders[" + i + "]", given.get(i)));
        }
        List<Scope> scopes = new ArrayList<>();
        List<String> givenScopes = required("setup.scopes", body.scopes());
        for (int i = 0; i < givenScopes.size() && i <= EmergencyMessage.Setup.MAX_SCOPES; i++) {
            scopes.add(scope("setup.scopes[" + i + "]", patient, givenScopes.get(i)));
        }
        return new EmergencyMessage.Setup(patient, keyholders, uint("setup.threshold", body.threshold()).intValueExact(),
                uint("setup.windowLength", body.windowLength()).longValueExact(), scopes,
                uint("setup.nonce", body.nonce()), epochSeconds("setup.deadline", body.deadline()));
    }

    private static EmergencyMessage.Request toRequest(EmergencyRequestBody body) {
        return new EmergencyMessage.Request(address("request.requester", body.requester()),
                address("request.patient", body.patient()), purpose("request.purpose", body.purpose()),
                bytes32("request.reasonHash", body.reasonHash()), uint("request.nonce", body.nonce()),
                epochSeconds("request.deadline", body.deadline()));
    }

    private static EmergencyMessage.Approval toApproval(EmergencyApprovalBody body) {
        return new EmergencyMessage.Approval(address("approval.keyholder", body.keyholder()),
                address("approval.patient", body.patient()), address("approval.requester", body.requester()),
                uint("approval.round", body.round()).longValueExact(),
                epochSeconds("approval.deadline", body.deadline()));
    }

    private static EmergencyMessage.Closure toClosure(EmergencyClosureBody body) {
        return new EmergencyMessage.Closure(address("closure.patient", body.patient()),
                address("closure.requester", body.requester()), uint("closure.nonce", body.nonce()),
                epochSeconds("closure.deadline", body.deadline()));
    }

    @Schema(description = "The `message` of the EmergencySetup typed data the patient signed, field for field",
            requiredProperties = {"patient", "keyholders", "threshold", "windowLength", "scopes", "nonce", "deadline"})
    record EmergencySetupBody(@Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @ArraySchema(maxItems = EmergencyMessage.Setup.MAX_KEYHOLDERS,
                    schema = @Schema(pattern = ApiPatterns.ADDRESS)) List<String> keyholders,
            @Schema(description = "k: approvals that open a window", pattern = ApiPatterns.UINT) String threshold,
            @Schema(description = "how long a window stays open, in seconds: 900 to 259200",
                    pattern = ApiPatterns.UINT) String windowLength,
            @ArraySchema(maxItems = EmergencyMessage.Setup.MAX_SCOPES, schema = @Schema(pattern = ApiPatterns.BYTES32))
            List<String> scopes,
            @Schema(pattern = ApiPatterns.UINT) String nonce,
            @Schema(description = "the signature is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(requiredProperties = {"setup", "signature"})
    record EmergencySetupRelay(EmergencySetupBody setup,
            @Schema(pattern = ApiPatterns.SIGNATURE) String signature) {
    }

    @Schema(description = "The `message` of the EmergencyRequest typed data the requester signed",
            requiredProperties = {"requester", "patient", "purpose", "reasonHash", "nonce", "deadline"})
    record EmergencyRequestBody(@Schema(pattern = ApiPatterns.ADDRESS) String requester,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(description = "2 (ETREAT)") String purpose,
            @Schema(description = "keccak256 of the reason's UTF-8 bytes", pattern = ApiPatterns.BYTES32)
            String reasonHash,
            @Schema(pattern = ApiPatterns.UINT) String nonce,
            @Schema(description = "the signature is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(requiredProperties = {"request", "reason", "signature"})
    record EmergencyRequestRelay(EmergencyRequestBody request,
            @Schema(description = "the reason in clear, 1 to 1000 characters; shown to the patient only",
                    maxLength = 1000) String reason,
            @Schema(pattern = ApiPatterns.SIGNATURE) String signature) {
    }

    @Schema(description = "The `message` of the EmergencyApproval typed data the keyholder signed",
            requiredProperties = {"keyholder", "patient", "requester", "round", "deadline"})
    record EmergencyApprovalBody(@Schema(pattern = ApiPatterns.ADDRESS) String keyholder,
            @Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String requester,
            @Schema(description = "the request's round, from its EmergencyAccessRequested event",
                    pattern = ApiPatterns.UINT) String round,
            @Schema(description = "the signature is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(requiredProperties = {"approval", "signature"})
    record EmergencyApprovalRelay(EmergencyApprovalBody approval, @Schema(pattern = ApiPatterns.SIGNATURE) String signature) {
    }

    @Schema(description = "The `message` of the EmergencyClosure typed data the patient signed",
            requiredProperties = {"patient", "requester", "nonce", "deadline"})
    record EmergencyClosureBody(@Schema(pattern = ApiPatterns.ADDRESS) String patient,
            @Schema(pattern = ApiPatterns.ADDRESS) String requester,
            @Schema(pattern = ApiPatterns.UINT) String nonce,
            @Schema(description = "the signature is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(requiredProperties = {"closure", "signature"})
    record EmergencyClosureRelay(EmergencyClosureBody closure, @Schema(pattern = ApiPatterns.SIGNATURE) String signature) {
    }
}
