package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.action;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.epochSeconds;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.purpose;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.recordId;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.required;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.scope;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.signature;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.uint;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.wrappedKey;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.ConsentDtos.AccessResponse;
import io.healthkey.backend.adapter.inbound.web.ConsentDtos.GrantBody;
import io.healthkey.backend.adapter.inbound.web.ConsentDtos.NonceCancellationBody;
import io.healthkey.backend.adapter.inbound.web.ConsentDtos.NonceResponse;
import io.healthkey.backend.adapter.inbound.web.ConsentDtos.RelayResponse;
import io.healthkey.backend.adapter.inbound.web.ConsentDtos.RevocationBody;
import io.healthkey.backend.adapter.inbound.web.ConsentDtos.SignedGrantRequest;
import io.healthkey.backend.adapter.inbound.web.ConsentDtos.SignedNonceCancellationRequest;
import io.healthkey.backend.adapter.inbound.web.ConsentDtos.SignedRevocationRequest;
import io.healthkey.backend.adapter.inbound.web.ConsentDtos.WrappedKeyBody;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.consent.QueryConsentUseCase;
import io.healthkey.backend.application.consent.RelayConsentUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedNonceCancellation;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.RevocationMessage;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Consent", description = "Relay patients' signed grants, revocations and nonce cancellations; check "
        + "access on chain")
class ConsentController {

    private final RelayConsentUseCase relay;
    private final QueryConsentUseCase query;

    ConsentController(RelayConsentUseCase relay, QueryConsentUseCase query) {
        this.relay = relay;
        this.query = query;
    }

    @PostMapping("/grants")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayGrant",
            summary = "Relay a grant the signed-in patient signed (EIP-712); the relayer pays the gas",
            description = "Simulated first: a grant the contract would reject is answered with its error code "
                    + "and nothing is stored. Answers 202 once the grant is in the outbox, with the record keys "
                    + "wrapped for the grantee (dropped again if the grant fails); follow it at statusUrl.")
    @ProblemResponses(value = {ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED,
            ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.CONSENT_INVALID_SIGNER, ErrorCode.CONSENT_SIGNATURE_EXPIRED, ErrorCode.CONSENT_NONCE_MISMATCH,
            ErrorCode.CONSENT_INVALID_GRANTEE, ErrorCode.CONSENT_INVALID_SCOPE, ErrorCode.CONSENT_INVALID_ACTION,
            ErrorCode.CONSENT_INVALID_PURPOSE, ErrorCode.CONSENT_EXPIRY_IN_PAST, ErrorCode.CONSENT_DEADLINE_TOO_FAR,
            ErrorCode.RECORD_NOT_FOUND, ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CHAIN_UNKNOWN_REVERT},
            protocol = "PROTO-0003")
    Mono<RelayResponse> relayGrant(@Parameter(hidden = true) Session session,
            @RequestBody SignedGrantRequest request) {
        return Mono.fromCallable(() -> toSignedGrant(request))
                .flatMap(grant -> relay.relay(session.address(), grant, toKeys(request.recordKeys())))
                .map(RelayResponse::of);
    }

    @PostMapping("/revocations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayRevocation", summary = "Relay a revocation the signed-in patient signed (EIP-712)",
            description = "Answers 202 once in the outbox; follow it at statusUrl. Once mined, reads by the grantee "
                    + "are denied; records they can no longer read are marked for re-keying and their keys dropped.")
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.CONSENT_INVALID_SIGNER, ErrorCode.CONSENT_SIGNATURE_EXPIRED, ErrorCode.CONSENT_NONCE_MISMATCH,
            ErrorCode.CONSENT_INVALID_GRANTEE, ErrorCode.CONSENT_INVALID_SCOPE, ErrorCode.CONSENT_INVALID_ACTION,
            ErrorCode.CONSENT_NO_SUCH_GRANT, ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CHAIN_UNAVAILABLE,
            ErrorCode.CHAIN_UNKNOWN_REVERT}, protocol = "PROTO-0003")
    Mono<RelayResponse> relayRevocation(@Parameter(hidden = true) Session session,
            @RequestBody SignedRevocationRequest request) {
        return Mono.fromCallable(() -> toSignedRevocation(request))
                .flatMap(revocation -> relay.relay(session.address(), revocation))
                .map(RelayResponse::of);
    }

    @PostMapping("/nonce-cancellations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayNonceCancellation",
            summary = "Relay a nonce cancellation the signed-in patient signed (EIP-712)",
            description = "Voids every grant or revocation the patient signed with a nonce from the cancellation's "
                    + "own up to newNonce (excluded), sent or not: a leaked or abandoned signature dies. Answers 202 "
                    + "once in the outbox; follow it at statusUrl. The patient's next message is signed with newNonce.")
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.CONSENT_INVALID_SIGNER, ErrorCode.CONSENT_SIGNATURE_EXPIRED, ErrorCode.CONSENT_NONCE_MISMATCH,
            ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CONSENT_INVALID_NEW_NONCE, ErrorCode.CHAIN_UNAVAILABLE,
            ErrorCode.CHAIN_UNKNOWN_REVERT}, protocol = "PROTO-0003")
    Mono<RelayResponse> relayNonceCancellation(@Parameter(hidden = true) Session session,
            @RequestBody SignedNonceCancellationRequest request) {
        return Mono.fromCallable(() -> toSignedNonceCancellation(request))
                .flatMap(cancellation -> relay.relay(session.address(), cancellation))
                .map(RelayResponse::of);
    }

    @GetMapping("/access")
    @Operation(operationId = "checkAccess", summary = "Whether a grantee may READ or WRITE a patient's record: from the "
            + "event index when current, else the chain's latest block; false for a slot whose revocation was accepted "
            + "here")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.CHAIN_UNAVAILABLE})
    Mono<AccessResponse> checkAccess(
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @RequestParam String patient,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @RequestParam String grantee,
            @Parameter(description = "record id", schema = @Schema(pattern = ApiPatterns.BYTES32))
            @RequestParam String record,
            @Parameter(description = ConsentDtos.ACTION, schema = @Schema(pattern = ConsentDtos.ACTION_PATTERN))
            @RequestParam String action) {
        return Mono.fromCallable(() -> new AccessQuery(address("patient", patient), address("grantee", grantee),
                        recordId("record", record), action("action", action)))
                .flatMap(query::check)
                .map(AccessResponse::of);
    }

    @GetMapping("/patients/{patient}/nonce")
    @Operation(operationId = "nextConsentNonce",
            summary = "The nonce the patient's next signed grant, revocation or nonce cancellation must carry")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.CHAIN_UNAVAILABLE})
    Mono<NonceResponse> nextNonce(
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMap(address -> query.nextNonce(address)
                        .map(nonce -> new NonceResponse(address.toString(), nonce.toString())));
    }

    private static SignedGrant toSignedGrant(SignedGrantRequest request) {
        GrantBody body = required("grant", required("body", request).grant());
        EthAddress patient = address("grant.patient", body.patient());
        GrantMessage grant = new GrantMessage(patient, address("grant.grantee", body.grantee()),
                scope("grant.scope", patient, body.scope()), action("grant.action", body.action()),
                purpose("grant.purpose", body.purpose()), epochSeconds("grant.expiresAt", body.expiresAt()),
                uint("grant.nonce", body.nonce()), epochSeconds("grant.deadline", body.deadline()));
        return new SignedGrant(grant, signature("signature", request.signature()));
    }

    static List<RecordKeyForGrantee> toKeys(List<WrappedKeyBody> keys) {
        if (keys == null) {
            return List.of();
        }
        List<RecordKeyForGrantee> parsed = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            WrappedKeyBody key = required("recordKeys[" + i + "]", keys.get(i));
            parsed.add(new RecordKeyForGrantee(recordId("recordKeys[" + i + "].recordId", key.recordId()),
                    wrappedKey("recordKeys[" + i + "].wrappedKey", key.wrappedKey())));
        }
        return List.copyOf(parsed);
    }

    private static SignedRevocation toSignedRevocation(SignedRevocationRequest request) {
        RevocationBody body = required("revocation", required("body", request).revocation());
        EthAddress patient = address("revocation.patient", body.patient());
        RevocationMessage revocation = new RevocationMessage(patient, address("revocation.grantee", body.grantee()),
                scope("revocation.scope", patient, body.scope()), action("revocation.action", body.action()),
                uint("revocation.nonce", body.nonce()), epochSeconds("revocation.deadline", body.deadline()));
        return new SignedRevocation(revocation, signature("signature", request.signature()));
    }

    /** A {@code newNonce} the contract would always refuse is {@code CONSENT-0011}, as the chain would answer it. */
    private static SignedNonceCancellation toSignedNonceCancellation(SignedNonceCancellationRequest request) {
        NonceCancellationBody body = required("cancellation", required("body", request).cancellation());
        EthAddress patient = address("cancellation.patient", body.patient());
        BigInteger newNonce = uint("cancellation.newNonce", body.newNonce());
        BigInteger nonce = uint("cancellation.nonce", body.nonce());
        Instant deadline = epochSeconds("cancellation.deadline", body.deadline());
        AccountSignature signature = signature("signature", request.signature());
        try {
            return new SignedNonceCancellation(new CancelNoncesMessage(patient, newNonce, nonce, deadline), signature);
        } catch (InvalidValueException outOfRange) {
            throw new DomainException(ErrorCode.CONSENT_INVALID_NEW_NONCE, "cancellation.newNonce must be after "
                    + "cancellation.nonce, by at most " + CancelNoncesMessage.MAX_NONCE_JUMP);
        }
    }
}
