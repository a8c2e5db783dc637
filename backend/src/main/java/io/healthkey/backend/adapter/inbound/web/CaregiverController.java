package io.healthkey.backend.adapter.inbound.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.SignedAppointmentRequest;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.SignedCaregiverGrantRequest;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.SignedCaregiverGrantRevocationRequest;
import io.healthkey.backend.adapter.inbound.web.CaregiverDtos.SignedCaregiverRevocationRequest;
import io.healthkey.backend.adapter.inbound.web.ConsentDtos.RelayResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.caregiver.RelayCaregiverUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.ErrorCode;

@RestController
@RequestMapping("/api/v1/caregivers")
@Tag(name = "Caregivers", description = "Relay appointments and revocations of caregivers, and the grants and "
        + "revocations caregivers sign for a patient")
class CaregiverController {

    private final RelayCaregiverUseCase relay;

    CaregiverController(RelayCaregiverUseCase relay) {
        this.relay = relay;
    }

    @PostMapping("/appointments")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayCaregiverAppointment",
            summary = "Relay an appointment the signed-in appointer (the patient, or a caregiver holding APPOINT) "
                    + "signed (EIP-712)",
            description = "An appointing caregiver is checked against the chain first (live, APPOINT, at most its "
                    + "own powers, scopes and expiry), then the call is simulated. Answers 202 once in the outbox, "
                    + "with the record keys wrapped for the caregiver; follow it at statusUrl.")
    @ProblemResponses(value = {ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED, ErrorCode.REQUEST_INVALID_FIELD,
            ErrorCode.REQUEST_NOT_PATIENT, ErrorCode.CONSENT_INVALID_SIGNER, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_NONCE_MISMATCH, ErrorCode.CONSENT_INVALID_SCOPE, ErrorCode.CONSENT_EXPIRY_IN_PAST,
            ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CAREGIVER_INVALID_CAREGIVER,
            ErrorCode.CAREGIVER_INVALID_POWERS, ErrorCode.CAREGIVER_INVALID_SCOPES, ErrorCode.CAREGIVER_NOT_CAREGIVER,
            ErrorCode.CAREGIVER_MISSING_POWER, ErrorCode.CAREGIVER_OUT_OF_SCOPE, ErrorCode.CAREGIVER_BEYOND_EXPIRY,
            ErrorCode.RECORD_NOT_FOUND, ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CHAIN_UNKNOWN_REVERT},
            protocol = "PROTO-0003")
    Mono<RelayResponse> appoint(@Parameter(hidden = true) Session session,
            @RequestBody SignedAppointmentRequest request) {
        return Mono.fromCallable(() -> CaregiverRequests.appointment(request))
                .flatMap(appointment -> relay.appoint(session.address(), appointment,
                        ConsentController.toKeys(request.recordKeys())))
                .map(RelayResponse::of);
    }

    @PostMapping("/revocations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayCaregiverRevocation",
            summary = "Relay a revocation of a caregiver the signed-in patient signed (EIP-712)",
            description = "Once mined, the caregiver's powers, every grant it made and every caregiver it appointed "
                    + "have ended; whoever can no longer read loses their wrapped keys and the records are marked "
                    + "for re-keying. Answers 202 once in the outbox; follow it at statusUrl.")
    @ProblemResponses(value = {ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED, ErrorCode.REQUEST_INVALID_FIELD,
            ErrorCode.REQUEST_NOT_PATIENT, ErrorCode.CONSENT_INVALID_SIGNER, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_NONCE_MISMATCH, ErrorCode.CONSENT_DEADLINE_TOO_FAR,
            ErrorCode.CAREGIVER_INVALID_CAREGIVER, ErrorCode.CAREGIVER_NO_SUCH_CAREGIVER,
            ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CHAIN_UNKNOWN_REVERT}, protocol = "PROTO-0003")
    Mono<RelayResponse> revoke(@Parameter(hidden = true) Session session,
            @RequestBody SignedCaregiverRevocationRequest request) {
        return Mono.fromCallable(() -> CaregiverRequests.revocation(request))
                .flatMap(revocation -> relay.revoke(session.address(), revocation))
                .map(RelayResponse::of);
    }

    @PostMapping("/grants")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayCaregiverGrant",
            summary = "Relay a grant the signed-in caregiver signed for a patient (EIP-712)",
            description = "The caregiver must be live, hold GRANT_REVOKE and the granted action's power on the "
                    + "scope, and the grant end no later than it; checked against the chain, then simulated. The "
                    + "grant ends with the caregiver (revoked, expired or re-appointed). Answers 202 once in the "
                    + "outbox, kind GRANT.")
    @ProblemResponses(value = {ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED, ErrorCode.REQUEST_INVALID_FIELD,
            ErrorCode.REQUEST_NOT_PATIENT, ErrorCode.CONSENT_INVALID_SIGNER, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_NONCE_MISMATCH, ErrorCode.CONSENT_INVALID_GRANTEE, ErrorCode.CONSENT_INVALID_SCOPE,
            ErrorCode.CONSENT_INVALID_ACTION, ErrorCode.CONSENT_INVALID_PURPOSE, ErrorCode.CONSENT_EXPIRY_IN_PAST,
            ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CAREGIVER_NOT_CAREGIVER, ErrorCode.CAREGIVER_MISSING_POWER,
            ErrorCode.CAREGIVER_OUT_OF_SCOPE, ErrorCode.CAREGIVER_BEYOND_EXPIRY, ErrorCode.RECORD_NOT_FOUND,
            ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CHAIN_UNKNOWN_REVERT}, protocol = "PROTO-0003")
    Mono<RelayResponse> grant(@Parameter(hidden = true) Session session,
            @RequestBody SignedCaregiverGrantRequest request) {
        return Mono.fromCallable(() -> CaregiverRequests.grant(request))
                .flatMap(grant -> relay.grant(session.address(), grant,
                        ConsentController.toKeys(request.recordKeys())))
                .map(RelayResponse::of);
    }

    @PostMapping("/grant-revocations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayCaregiverGrantRevocation",
            summary = "Relay a revocation the signed-in caregiver signed for a patient (EIP-712)",
            description = "As a patient's revocation (kind REVOCATION): denied at once once accepted; checked "
                    + "against the caregiver's powers and scopes first.")
    @ProblemResponses(value = {ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED, ErrorCode.REQUEST_INVALID_FIELD,
            ErrorCode.REQUEST_NOT_PATIENT, ErrorCode.CONSENT_INVALID_SIGNER, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_NONCE_MISMATCH, ErrorCode.CONSENT_INVALID_SCOPE, ErrorCode.CONSENT_INVALID_ACTION,
            ErrorCode.CONSENT_NO_SUCH_GRANT, ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CAREGIVER_NOT_CAREGIVER,
            ErrorCode.CAREGIVER_MISSING_POWER, ErrorCode.CAREGIVER_OUT_OF_SCOPE, ErrorCode.CHAIN_UNAVAILABLE,
            ErrorCode.CHAIN_UNKNOWN_REVERT}, protocol = "PROTO-0003")
    Mono<RelayResponse> revokeGrant(@Parameter(hidden = true) Session session,
            @RequestBody SignedCaregiverGrantRevocationRequest request) {
        return Mono.fromCallable(() -> CaregiverRequests.grantRevocation(request))
                .flatMap(revocation -> relay.revokeGrant(session.address(), revocation))
                .map(RelayResponse::of);
    }
}
