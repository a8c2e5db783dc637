package io.healthkey.backend.adapter.inbound.web;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.CancelNoncesMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.KeyPublicationMessage;
import io.healthkey.protocol.eip712.TypedData;

/** GET /typed-data/...: the parameters parsed for the session account, no deadline passed on as none. */
class TypedDataControllerSliceTest extends WebSliceTest {

    private static final Instant EXPIRES = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant DEFAULT_DEADLINE = WebSliceBeans.NOW.plusSeconds(3600);
    private static final Scope OBSERVATIONS = Scope.of(Category.OBSERVATION);
    private static final Eip712Domain CONSENT = Eip712Domain.consentRegistry(31337,
            WebSliceBeans.DEPLOYMENT.consentRegistry());

    @Test
    void aGrantToSignIsForTheSessionPatientAndLeavesTheDefaultDeadlineToTheService() {
        GrantMessage grant = new GrantMessage(PATIENT, DOCTOR, OBSERVATIONS, Action.READ, Purpose.TREAT, EXPIRES,
                BigInteger.TWO, DEFAULT_DEADLINE);
        when(typedData.grant(PATIENT, DOCTOR, OBSERVATIONS, Action.READ, Purpose.TREAT, EXPIRES, Optional.empty()))
                .thenReturn(Mono.just(TypedData.of(CONSENT, grant)));

        asPatient().get().uri(uri -> uri.path("/api/v1/typed-data/grant").queryParam("grantee", DOCTOR.toString())
                        .queryParam("scope", OBSERVATIONS.toBytes32().toHex()).queryParam("action", "READ")
                        .queryParam("purpose", "treat").queryParam("expiresAt", EXPIRES.getEpochSecond()).build())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.primaryType").isEqualTo("Grant")
                .jsonPath("$.domain.verifyingContract").isEqualTo(CONSENT.verifyingContract().toString())
                .jsonPath("$.message.patient").isEqualTo(PATIENT.toString())
                .jsonPath("$.message.nonce").isEqualTo("2")
                .jsonPath("$.message.deadline").isEqualTo(Long.toString(DEFAULT_DEADLINE.getEpochSecond()));
    }

    @Test
    void aKeyPublicationToSignTakesTheGivenDeadline() {
        var key = PATIENT_WALLET.encryptionKey().publicKey();
        Instant deadline = Instant.parse("2026-03-02T00:00:00Z");
        Eip712Domain directory = Eip712Domain.participantDirectory(31337,
                WebSliceBeans.DEPLOYMENT.participantDirectory());
        when(typedData.keyPublication(PATIENT, key, Optional.of(deadline))).thenReturn(Mono.just(TypedData.of(directory,
                new KeyPublicationMessage(PATIENT, key, BigInteger.ZERO, deadline))));

        asPatient().get().uri(uri -> uri.path("/api/v1/typed-data/key-publication")
                        .queryParam("publicKey", key.toHex()).queryParam("deadline", deadline.getEpochSecond()).build())
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.primaryType").isEqualTo("KeyPublication");
    }

    @Test
    void aNonceCancellationToSignIsForTheSessionPatient() {
        Instant deadline = Instant.parse("2026-03-02T00:00:00Z");
        when(typedData.nonceCancellation(PATIENT, BigInteger.TEN, Optional.of(deadline))).thenReturn(Mono.just(
                TypedData.of(CONSENT, new CancelNoncesMessage(PATIENT, BigInteger.TEN, BigInteger.TWO, deadline))));

        asPatient().get().uri(uri -> uri.path("/api/v1/typed-data/nonce-cancellation").queryParam("newNonce", "10")
                        .queryParam("deadline", deadline.getEpochSecond()).build())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.primaryType").isEqualTo("CancelNonces")
                .jsonPath("$.message.patient").isEqualTo(PATIENT.toString())
                .jsonPath("$.message.newNonce").isEqualTo("10")
                .jsonPath("$.message.nonce").isEqualTo("2");
    }

    @Test
    void typedDataThatCouldNotBeRelayedIs422WithItsConsentCode() {
        when(typedData.revocation(PATIENT, DOCTOR, OBSERVATIONS, Action.READ, Optional.of(EXPIRES))).thenReturn(
                Mono.error(new DomainException(ErrorCode.CONSENT_SIGNATURE_EXPIRED, "the deadline has passed")));

        assertProblem(asPatient().get().uri(uri -> uri.path("/api/v1/typed-data/revocation")
                .queryParam("grantee", DOCTOR.toString()).queryParam("scope", OBSERVATIONS.toBytes32().toHex())
                .queryParam("action", "READ").queryParam("deadline", EXPIRES.getEpochSecond()).build()).exchange(),
                422, ErrorCode.CONSENT_SIGNATURE_EXPIRED);
    }

    @Test
    void anInvalidParameterIsNamedAndAMissingOneIs400() {
        assertInvalidField(asPatient().get().uri(uri -> uri.path("/api/v1/typed-data/revocation")
                .queryParam("grantee", DOCTOR.toString()).queryParam("scope", "everything")
                .queryParam("action", "READ").build()).exchange(), "scope");
        assertInvalidField(asPatient().get().uri(uri -> uri.path("/api/v1/typed-data/revocation")
                .queryParam("grantee", DOCTOR.toString()).queryParam("scope", OBSERVATIONS.toBytes32().toHex())
                .queryParam("action", "READ").queryParam("deadline", "-5").build()).exchange(), "deadline");
        assertInvalidField(asPatient().get().uri("/api/v1/typed-data/key-publication?publicKey=0x1234").exchange(),
                "publicKey");
        assertInvalidField(asPatient().get().uri("/api/v1/typed-data/nonce-cancellation?newNonce=-1").exchange(),
                "newNonce");
        assertProblem(asPatient().get().uri("/api/v1/typed-data/revocation?grantee=" + DOCTOR).exchange(), 400,
                ErrorCode.REQUEST_MALFORMED);
        verifyNoInteractions(typedData);
    }
}
