package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.NonceCancellationIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.consent.SignedNonceCancellation;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.TypedData;

/** POST /grants, /revocations and /nonce-cancellations, GET /access and /patients/{patient}/nonce: parsing, and what the use case gets. */
class ConsentControllerSliceTest extends WebSliceTest {

    private static final Instant EXPIRES = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant DEADLINE = Instant.parse("2026-03-01T13:00:00Z");
    private static final String SCOPE = Scope.of(Category.OBSERVATION).toBytes32().toHex();
    private static final String WRAPPED_KEY = "0x" + "ab".repeat(129);
    private static final String SIGNATURE = PATIENT_WALLET.signer().sign(TypedData.of(
            Eip712Domain.consentRegistry(31337, WebSliceBeans.DEPLOYMENT.consentRegistry()),
            new GrantMessage(PATIENT, DOCTOR, Scope.of(Category.OBSERVATION), Action.READ, Purpose.TREAT, EXPIRES,
                    BigInteger.ZERO, DEADLINE))).toHex();

    @Test
    void aSignedGrantIsRelayedForTheSessionAccountWithItsRecordKeys() {
        when(relay.relay(eq(PATIENT), any(SignedGrant.class), anyList()))
                .thenReturn(Mono.just(accepted("grant-1", RelayKind.GRANT, PATIENT)));

        asPatient().post().uri("/api/v1/grants").bodyValue(grantRequest(Map.of())).exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.requestId").isEqualTo("grant-1")
                .jsonPath("$.kind").isEqualTo("GRANT")
                .jsonPath("$.status").isEqualTo("ACCEPTED")
                .jsonPath("$.statusUrl").isEqualTo("/api/v1/chain-requests/grant-1")
                .jsonPath("$.eventsUrl").isEqualTo("/api/v1/chain-requests/grant-1/events");

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<RecordKeyForGrantee>> keys = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<SignedGrant> grant = ArgumentCaptor.forClass(SignedGrant.class);
        verify(relay).relay(eq(PATIENT), grant.capture(), keys.capture());
        GrantMessage message = grant.getValue().grant();
        assertThat(message.grantee()).isEqualTo(DOCTOR);
        assertThat(message.scope()).isEqualTo(Scope.of(Category.OBSERVATION));
        assertThat(message.action()).isEqualTo(Action.READ);
        assertThat(message.purpose()).isEqualTo(Purpose.TREAT);
        assertThat(message.expiresAt()).isEqualTo(EXPIRES);
        assertThat(message.deadline()).isEqualTo(DEADLINE);
        assertThat(grant.getValue().signature().toHex()).isEqualTo(SIGNATURE);
        assertThat(keys.getValue()).singleElement().satisfies(key -> {
            assertThat(key.record()).isEqualTo(RECORD);
            assertThat(key.wrappedKey().toHex()).isEqualTo(WRAPPED_KEY);
        });
    }

    @Test
    void aGrantPostedWithAnotherAccountsTokenIsRelayedAsThatAccountForTheUseCaseToRefuse() {
        when(relay.relay(eq(DOCTOR), any(SignedGrant.class), anyList())).thenReturn(Mono.error(
                new DomainException(ErrorCode.REQUEST_NOT_PATIENT, "only the patient may relay their grant")));

        assertProblem(as(DOCTOR_TOKEN).post().uri("/api/v1/grants").bodyValue(grantRequest(Map.of())).exchange(),
                403, ErrorCode.REQUEST_NOT_PATIENT);
        verify(relay).relay(eq(DOCTOR), any(SignedGrant.class), anyList());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "grant.patient, 0x1234",
            "grant.grantee, not-an-address",
            "grant.scope, 0x01",
            "grant.action, DELETE",
            "grant.purpose, SHOPPING",
            "grant.expiresAt, tomorrow",
            "grant.nonce, -1",
            "grant.deadline, 1.5",
            "signature, 0x"})
    void anInvalidGrantFieldIsNamedByItsPath(String path, String value) {
        Map<String, Object> request = grantRequest(Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> grant = new HashMap<>((Map<String, Object>) request.get("grant"));
        if (path.equals("signature")) {
            request.put("signature", value);
        } else {
            grant.put(path.substring("grant.".length()), value);
            request.put("grant", grant);
        }

        assertInvalidField(asPatient().post().uri("/api/v1/grants").bodyValue(request).exchange(), path);
        verifyNoInteractions(relay);
    }

    @Test
    void aMissingGrantOrFieldIsRequired() {
        Map<String, Object> noGrant = grantRequest(Map.of());
        noGrant.remove("grant");
        Map<String, Object> noNonce = grantRequest(Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> grant = new HashMap<>((Map<String, Object>) noNonce.get("grant"));
        grant.remove("nonce");
        noNonce.put("grant", grant);

        assertInvalidField(asPatient().post().uri("/api/v1/grants").bodyValue(noGrant).exchange(), "grant")
                .jsonPath("$.detail").isEqualTo("grant is required");
        assertInvalidField(asPatient().post().uri("/api/v1/grants").bodyValue(noNonce).exchange(), "grant.nonce")
                .jsonPath("$.detail").isEqualTo("grant.nonce is required");
    }

    @Test
    void anInvalidRecordKeyIsNamedByItsIndex() {
        Map<String, Object> request = grantRequest(Map.of());
        request.put("recordKeys", List.of(Map.of("recordId", RECORD.toHex(), "wrappedKey", WRAPPED_KEY),
                Map.of("recordId", RECORD.toHex(), "wrappedKey", "wrapped")));

        assertInvalidField(asPatient().post().uri("/api/v1/grants").bodyValue(request).exchange(),
                "recordKeys[1].wrappedKey");
    }

    @Test
    void aGrantTheProtocolRefusesIs422WithTheProtocolCodeBeforeTheUseCase() {
        Map<String, Object> toSelf = grantRequest(Map.of("grantee", PATIENT.toString()));

        asPatient().post().uri("/api/v1/grants").bodyValue(toSelf).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").value(String.class, code -> assertThat(code).startsWith("PROTO-"));
        verifyNoInteractions(relay);
    }

    @Test
    void aSignedRevocationIsRelayedForTheSessionAccount() {
        when(relay.relay(eq(PATIENT), any(SignedRevocation.class)))
                .thenReturn(Mono.just(accepted("revocation-1", RelayKind.REVOCATION, PATIENT)));
        Map<String, Object> revocation = Map.of("revocation", Map.of("patient", PATIENT.toString(),
                        "grantee", DOCTOR.toString(), "scope", SCOPE, "action", "1", "nonce", "1",
                        "deadline", Long.toString(DEADLINE.getEpochSecond())),
                "signature", SIGNATURE);

        asPatient().post().uri("/api/v1/revocations").bodyValue(revocation).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.kind").isEqualTo("REVOCATION");

        ArgumentCaptor<SignedRevocation> relayed = ArgumentCaptor.forClass(SignedRevocation.class);
        verify(relay).relay(eq(PATIENT), relayed.capture());
        assertThat(relayed.getValue().revocation().action()).isEqualTo(Action.READ);
        assertThat(relayed.getValue().revocation().nonce()).isEqualTo(BigInteger.ONE);
    }

    @Test
    void aSignedNonceCancellationIsRelayedForTheSessionAccount() {
        when(relay.relay(eq(PATIENT), any(SignedNonceCancellation.class)))
                .thenReturn(Mono.just(new RelayReceipt(ChainRequest.accepted("cancellation-1",
                        RelayKind.NONCE_CANCELLATION, PATIENT, PATIENT, PATIENT.toString(),
                        new ChainCall(WebSliceBeans.DEPLOYMENT.consentRegistry(), "0xabcd"),
                        new NonceCancellationIntent(BigInteger.valueOf(3), BigInteger.TEN), WebSliceBeans.NOW))));

        asPatient().post().uri("/api/v1/nonce-cancellations").bodyValue(cancellation("3", "10")).exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.kind").isEqualTo("NONCE_CANCELLATION")
                .jsonPath("$.statusUrl").isEqualTo("/api/v1/chain-requests/cancellation-1");

        ArgumentCaptor<SignedNonceCancellation> relayed = ArgumentCaptor.forClass(SignedNonceCancellation.class);
        verify(relay).relay(eq(PATIENT), relayed.capture());
        assertThat(relayed.getValue().cancellation().patient()).isEqualTo(PATIENT);
        assertThat(relayed.getValue().cancellation().nonce()).isEqualTo(3);
        assertThat(relayed.getValue().cancellation().newNonce()).isEqualTo(10);
        assertThat(relayed.getValue().cancellation().deadline()).isEqualTo(DEADLINE);
        assertThat(relayed.getValue().signature().toHex()).isEqualTo(SIGNATURE);
    }

    @Test
    void aNonceCancellationThatCannotMoveForwardIsConsent0011AndAnInvalidFieldIsNamed() {
        for (String[] nonces : new String[][] {{"3", "3"}, {"3", "2"}, {"0", "4294967297"}}) {
            assertProblem(asPatient().post().uri("/api/v1/nonce-cancellations")
                    .bodyValue(cancellation(nonces[0], nonces[1])).exchange(), 422, ErrorCode.CONSENT_INVALID_NEW_NONCE)
                    .jsonPath("$.detail").value(String.class,
                            detail -> assertThat(detail).doesNotContain("4294967297"));
        }
        assertInvalidField(asPatient().post().uri("/api/v1/nonce-cancellations").bodyValue(cancellation("3", "ten"))
                .exchange(), "cancellation.newNonce");
        assertInvalidField(asPatient().post().uri("/api/v1/nonce-cancellations")
                .bodyValue(Map.of("signature", SIGNATURE)).exchange(), "cancellation");
        verifyNoInteractions(relay);
    }

    private static Map<String, Object> cancellation(String nonce, String newNonce) {
        return Map.of("cancellation", Map.of("patient", PATIENT.toString(), "newNonce", newNonce, "nonce", nonce,
                "deadline", Long.toString(DEADLINE.getEpochSecond())), "signature", SIGNATURE);
    }

    @Test
    void anInvalidRevocationFieldIsNamedByItsPath() {
        Map<String, Object> revocation = Map.of("revocation", Map.of("patient", PATIENT.toString(),
                        "grantee", DOCTOR.toString(), "scope", SCOPE, "action", "9", "nonce", "1",
                        "deadline", Long.toString(DEADLINE.getEpochSecond())),
                "signature", SIGNATURE);

        assertInvalidField(asPatient().post().uri("/api/v1/revocations").bodyValue(revocation).exchange(),
                "revocation.action");
    }

    @Test
    void accessIsCheckedForTheQueriedSlot() {
        AccessQuery query = new AccessQuery(PATIENT, DOCTOR, RECORD, Action.WRITE);
        when(consents.check(query)).thenReturn(Mono.just(new AccessDecision(query, true, 42)));

        asPatient().get().uri(uri -> uri.path("/api/v1/access").queryParam("patient", PATIENT.toString())
                        .queryParam("grantee", DOCTOR.toString()).queryParam("record", RECORD.toHex())
                        .queryParam("action", "write").build())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.allowed").isEqualTo(true)
                .jsonPath("$.action").isEqualTo("WRITE")
                .jsonPath("$.record").isEqualTo(RECORD.toHex())
                .jsonPath("$.blockNumber").isEqualTo(42);
    }

    @Test
    void anAccessQueryWithoutAParameterIs400AndWithABadOneNamesIt() {
        assertProblem(asPatient().get().uri("/api/v1/access?patient=" + PATIENT).exchange(), 400,
                ErrorCode.REQUEST_MALFORMED);
        assertInvalidField(asPatient().get().uri(uri -> uri.path("/api/v1/access")
                .queryParam("patient", PATIENT.toString()).queryParam("grantee", DOCTOR.toString())
                .queryParam("record", "0x01").queryParam("action", "READ").build()).exchange(), "record");
        verifyNoInteractions(consents);
    }

    @Test
    void theNextNonceIsAnsweredAsADecimalString() {
        BigInteger large = BigInteger.TWO.pow(70);
        when(consents.nextNonce(PATIENT)).thenReturn(Mono.just(large));

        asPatient().get().uri("/api/v1/patients/" + PATIENT + "/nonce").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.patient").isEqualTo(PATIENT.toString())
                .jsonPath("$.nonce").isEqualTo(large.toString());
        assertInvalidField(asPatient().get().uri("/api/v1/patients/0x12/nonce").exchange(), "patient");
    }

    /** A grant of READ on observations from the patient to the doctor, with one record key, fields overridden. */
    private static Map<String, Object> grantRequest(Map<String, String> overrides) {
        Map<String, Object> grant = new HashMap<>(Map.of("patient", PATIENT.toString(), "grantee", DOCTOR.toString(),
                "scope", SCOPE, "action", "READ", "purpose", "TREAT",
                "expiresAt", Long.toString(EXPIRES.getEpochSecond()), "nonce", "0",
                "deadline", Long.toString(DEADLINE.getEpochSecond())));
        grant.putAll(overrides);
        Map<String, Object> request = new HashMap<>();
        request.put("grant", grant);
        request.put("signature", SIGNATURE);
        request.put("recordKeys", List.of(Map.of("recordId", RECORD.toHex(), "wrappedKey", WRAPPED_KEY)));
        return request;
    }
}
