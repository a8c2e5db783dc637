package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
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
import org.mockito.ArgumentCaptor;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.EmergencyMessage;

/** The emergency access routes: bodies parsed into the signed messages, fields named by path, refusals as codes. */
class EmergencyControllerSliceTest extends WebSliceTest {

    private static final String SIGNATURE = "0x" + "11".repeat(32) + "22".repeat(32) + "1c";
    private static final Instant DEADLINE = Instant.parse("2026-03-01T13:00:00Z");
    private static final EthAddress KEYHOLDER = EthAddress.parse("0x" + "4b".repeat(20));
    private static final String REASON = "found unconscious";

    @Test
    void aSetupIsParsedWithItsKeyholdersAndScopesAndRelayedForTheSessionAccount() {
        when(emergency.setup(eq(PATIENT), any(), any())).thenReturn(
                Mono.just(accepted("setup-1", RelayKind.EMERGENCY_SETUP, PATIENT)));
        String bundles = Scope.of(Category.BUNDLE).toBytes32().toHex();

        post("/api/v1/emergency/setups", Map.of("setup", Map.of("patient", PATIENT.toString(),
                "keyholders", List.of(KEYHOLDER.toString(), DOCTOR.toString()), "threshold", "2",
                "windowLength", "3600", "scopes", List.of(bundles), "nonce", "0", "deadline", seconds(DEADLINE)),
                "signature", SIGNATURE))
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.kind").isEqualTo("EMERGENCY_SETUP");

        ArgumentCaptor<EmergencyMessage.Setup> setup = ArgumentCaptor.forClass(EmergencyMessage.Setup.class);
        verify(emergency).setup(eq(PATIENT), setup.capture(), any());
        assertThat(setup.getValue()).isEqualTo(new EmergencyMessage.Setup(PATIENT, List.of(KEYHOLDER, DOCTOR), 2, 3600,
                List.of(Scope.of(Category.BUNDLE)), BigInteger.ZERO, DEADLINE));
    }

    @Test
    void aRequestCarriesItsReasonInClearBesideTheSignedHash() {
        when(emergency.request(eq(DOCTOR), any(), eq(REASON), any())).thenReturn(
                Mono.just(accepted("request-1", RelayKind.EMERGENCY_REQUEST, DOCTOR)));

        as(DOCTOR_TOKEN).post().uri("/api/v1/emergency/requests").bodyValue(request(Map.of())).exchange()
                .expectStatus().isAccepted();

        ArgumentCaptor<EmergencyMessage.Request> request = ArgumentCaptor.forClass(EmergencyMessage.Request.class);
        verify(emergency).request(eq(DOCTOR), request.capture(), eq(REASON), any());
        assertThat(request.getValue().purpose()).isEqualTo(Purpose.ETREAT);
        assertThat(request.getValue().reasonHash()).isEqualTo(EmergencyMessage.reasonHash(REASON));
    }

    @Test
    void invalidFieldsAreNamedByTheirPathAndNeverReachTheUseCase() {
        assertInvalidField(post("/api/v1/emergency/approvals", Map.of("approval", Map.of("keyholder", "0x00",
                "patient", PATIENT.toString(), "requester", DOCTOR.toString(), "round", "1",
                "deadline", seconds(DEADLINE)), "signature", SIGNATURE)), "approval.keyholder");
        assertInvalidField(post("/api/v1/emergency/requests", Map.of("request", requestBody(Map.of()),
                "signature", SIGNATURE)), "reason");
        assertInvalidField(post("/api/v1/emergency/requests", request(Map.of("reasonHash", "0x12"))),
                "request.reasonHash");
        assertInvalidField(post("/api/v1/emergency/closures", Map.of("closure", Map.of("patient", PATIENT.toString(),
                "requester", DOCTOR.toString(), "nonce", "-1", "deadline", seconds(DEADLINE)),
                "signature", SIGNATURE)), "closure.nonce");
        verifyNoInteractions(emergency);
    }

    @Test
    void aChainRefusalIsItsProblemCodeWithoutTheSubmittedValues() {
        when(emergency.approve(eq(PATIENT), any(), any())).thenReturn(Mono.error(
                new DomainException(ErrorCode.EMERGENCY_ALREADY_APPROVED, "this keyholder approved round 1 already")));

        assertProblem(post("/api/v1/emergency/approvals", Map.of("approval", Map.of("keyholder", PATIENT.toString(),
                "patient", KEYHOLDER.toString(), "requester", DOCTOR.toString(), "round", "1",
                "deadline", seconds(DEADLINE)), "signature", SIGNATURE)), 409, ErrorCode.EMERGENCY_ALREADY_APPROVED)
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail).doesNotContain(SIGNATURE));
    }

    @Test
    void everyEmergencyRouteWantsASession() {
        http.post().uri("/api/v1/emergency/closures").bodyValue(Map.of()).exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/emergency/accounts/" + PATIENT + "/nonce").exchange().expectStatus().isUnauthorized();
        verifyNoInteractions(emergency);
    }

    @Test
    void theNonceIsTheContractsForTheAccount() {
        when(emergency.nextNonce(DOCTOR)).thenReturn(Mono.just(BigInteger.valueOf(4)));

        asPatient().get().uri("/api/v1/emergency/accounts/" + DOCTOR + "/nonce").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.nonce").isEqualTo("4");
    }

    private WebTestClient.ResponseSpec post(String uri, Object body) {
        return asPatient().post().uri(uri).bodyValue(body).exchange();
    }

    private static Map<String, Object> request(Map<String, String> overrides) {
        return Map.of("request", requestBody(overrides), "reason", REASON, "signature", SIGNATURE);
    }

    private static Map<String, String> requestBody(Map<String, String> overrides) {
        Map<String, String> body = new HashMap<>(Map.of("requester", DOCTOR.toString(), "patient", PATIENT.toString(),
                "purpose", "ETREAT", "reasonHash", EmergencyMessage.reasonHash(REASON).toHex(), "nonce", "0",
                "deadline", seconds(DEADLINE)));
        body.putAll(overrides);
        return body;
    }

    private static String seconds(Instant instant) {
        return Long.toString(instant.getEpochSecond());
    }
}
