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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.domain.caregiver.SignedCaregiverMessage;
import io.healthkey.backend.domain.chain.CaregiverIntent;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.RecordKeyForGrantee;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.AppointmentMessage;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.CaregiverRevocationMessage;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.TypedData;

/**
 * The caregiver routes: bodies parsed into signed messages for the session account, what the contract refuses
 * whatever its state answered with its {@code CAREGIVER-…} code before the use case, and the use case's refusals
 * as problem+json that never echo the submitted values.
 */
class CaregiverControllerSliceTest extends WebSliceTest {

    private static final Instant EXPIRES = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant DEADLINE = Instant.parse("2026-03-01T13:00:00Z");
    private static final String OBSERVATIONS = Scope.of(Category.OBSERVATION).toBytes32().toHex();
    private static final EthAddress PAEDIATRICIAN = EthAddress.parse("0x" + "5e".repeat(20));
    private static final String WRAPPED_KEY = "0x" + "ab".repeat(129);
    private static final String SIGNATURE = "0x" + "11".repeat(64) + "1b";

    @Test
    void anAppointmentIsRelayedForTheSessionAccountWithPowersByNameAndTheCaregiversKeys() {
        when(caregivers.appoint(eq(PATIENT), any(), anyList()))
                .thenReturn(Mono.just(new RelayReceipt(ChainRequest.accepted("appointment-1",
                        RelayKind.CAREGIVER_APPOINTMENT, PATIENT, PATIENT, DOCTOR.toString(),
                        new ChainCall(WebSliceBeans.DEPLOYMENT.consentRegistry(), "0xabcd"),
                        new CaregiverIntent.Appointment(DOCTOR, List.of(Scope.all()), new CaregiverPowers(1),
                                EXPIRES, BigInteger.ZERO),
                        WebSliceBeans.NOW))));

        asPatient().post().uri("/api/v1/caregivers/appointments").bodyValue(appointmentRequest(Map.of()))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.kind").isEqualTo("CAREGIVER_APPOINTMENT")
                .jsonPath("$.statusUrl").isEqualTo("/api/v1/chain-requests/appointment-1");

        @SuppressWarnings({"unchecked", "rawtypes"})
        ArgumentCaptor<SignedCaregiverMessage<AppointmentMessage>> appointment =
                (ArgumentCaptor) ArgumentCaptor.forClass(SignedCaregiverMessage.class);
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<RecordKeyForGrantee>> keys = ArgumentCaptor.forClass(List.class);
        verify(caregivers).appoint(eq(PATIENT), appointment.capture(), keys.capture());
        AppointmentMessage message = appointment.getValue().message();
        assertThat(message.caregiver()).isEqualTo(DOCTOR);
        assertThat(message.scopes()).containsExactly(Scope.of(Category.OBSERVATION));
        assertThat(message.powers()).isEqualTo(new CaregiverPowers(CaregiverPowers.READ
                | CaregiverPowers.GRANT_REVOKE));
        assertThat(message.expiresAt()).isEqualTo(EXPIRES);
        assertThat(keys.getValue()).singleElement().satisfies(key -> assertThat(key.record()).isEqualTo(RECORD));
    }

    @Test
    void powersThatAreNoPowersAreCaregiver0002BeforeTheUseCase() {
        for (String powers : List.of("0", "16", "READ,OWNER")) {
            assertProblem(asPatient().post().uri("/api/v1/caregivers/appointments")
                    .bodyValue(appointmentRequest(Map.of("powers", powers))).exchange(), 422,
                    ErrorCode.CAREGIVER_INVALID_POWERS)
                    .jsonPath("$.detail").value(String.class, detail -> assertThat(detail).doesNotContain("OWNER"));
        }
        verifyNoInteractions(caregivers);
    }

    @Test
    void noScopeOrMoreThanEightAreCaregiver0003BeforeTheUseCase() {
        assertProblem(asPatient().post().uri("/api/v1/caregivers/appointments")
                .bodyValue(appointmentRequest(Map.of("scopes", List.of()))).exchange(), 422,
                ErrorCode.CAREGIVER_INVALID_SCOPES);
        assertProblem(asPatient().post().uri("/api/v1/caregivers/appointments")
                .bodyValue(appointmentRequest(Map.of("scopes", Collections.nCopies(9, OBSERVATIONS)))).exchange(),
                422, ErrorCode.CAREGIVER_INVALID_SCOPES);
        verifyNoInteractions(caregivers);
    }

    @Test
    void thePatientOrTheAppointerAsCaregiverIsCaregiver0001BeforeTheUseCase() {
        assertProblem(asPatient().post().uri("/api/v1/caregivers/appointments")
                .bodyValue(appointmentRequest(Map.of("caregiver", PATIENT.toString()))).exchange(), 422,
                ErrorCode.CAREGIVER_INVALID_CAREGIVER);
        verifyNoInteractions(caregivers);
    }

    @Test
    void anInvalidScopeIsNamedByItsIndex() {
        assertInvalidField(asPatient().post().uri("/api/v1/caregivers/appointments")
                .bodyValue(appointmentRequest(Map.of("scopes", List.of(OBSERVATIONS, "0x01")))).exchange(),
                "appointment.scopes[1]");
        verifyNoInteractions(caregivers);
    }

    @Test
    void aCaregiversGrantIsRelayedForTheSessionAccount() {
        when(caregivers.grant(eq(DOCTOR), any(), anyList()))
                .thenReturn(Mono.just(accepted("grant-1", RelayKind.GRANT, DOCTOR)));

        as(DOCTOR_TOKEN).post().uri("/api/v1/caregivers/grants").bodyValue(grantRequest()).exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.kind").isEqualTo("GRANT");

        @SuppressWarnings({"unchecked", "rawtypes"})
        ArgumentCaptor<SignedCaregiverMessage<CaregiverGrantMessage>> grant =
                (ArgumentCaptor) ArgumentCaptor.forClass(SignedCaregiverMessage.class);
        verify(caregivers).grant(eq(DOCTOR), grant.capture(), anyList());
        assertThat(grant.getValue().message().caregiver()).isEqualTo(DOCTOR);
        assertThat(grant.getValue().message().patient()).isEqualTo(PATIENT);
        assertThat(grant.getValue().message().grant().grantee()).isEqualTo(PAEDIATRICIAN);
    }

    @Test
    void aCaregiverOutsideItsPowersOrNoLongerACaregiverIs403WithoutEchoingTheRequest() {
        when(caregivers.grant(eq(DOCTOR), any(), anyList())).thenReturn(
                Mono.error(new DomainException(ErrorCode.CAREGIVER_MISSING_POWER, "the caregiver holds no power")),
                Mono.error(new DomainException(ErrorCode.CAREGIVER_NOT_CAREGIVER, "the appointment has expired")));

        for (ErrorCode refusal : List.of(ErrorCode.CAREGIVER_MISSING_POWER, ErrorCode.CAREGIVER_NOT_CAREGIVER)) {
            assertProblem(as(DOCTOR_TOKEN).post().uri("/api/v1/caregivers/grants").bodyValue(grantRequest())
                    .exchange(), 403, refusal)
                    .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                            .doesNotContainIgnoringCase(PAEDIATRICIAN.toString()).doesNotContain(SIGNATURE));
        }
    }

    @Test
    void aRevocationOfNoLiveCaregiverIs404Caregiver0008() {
        when(caregivers.revoke(eq(PATIENT), any())).thenReturn(Mono.error(
                new DomainException(ErrorCode.CAREGIVER_NO_SUCH_CAREGIVER, "no live caregiver")));

        assertProblem(asPatient().post().uri("/api/v1/caregivers/revocations").bodyValue(Map.of("revocation",
                        Map.of("patient", PATIENT.toString(), "caregiver", DOCTOR.toString(), "nonce", "0",
                                "deadline", Long.toString(DEADLINE.getEpochSecond())), "signature", SIGNATURE))
                .exchange(), 404, ErrorCode.CAREGIVER_NO_SUCH_CAREGIVER);
    }

    @Test
    void theAppointmentsTypedDataIsForTheSessionAccountWithEveryScope() {
        AppointmentMessage appointment = new AppointmentMessage(PATIENT, PATIENT, DOCTOR,
                List.of(Scope.of(Category.OBSERVATION), Scope.of(Category.CONDITION)), new CaregiverPowers(5),
                EXPIRES, BigInteger.ZERO, DEADLINE);
        when(caregiverTypedData.appointment(PATIENT, PATIENT, DOCTOR, appointment.scopes(), appointment.powers(),
                EXPIRES, Optional.empty())).thenReturn(Mono.just(TypedData.of(
                        Eip712Domain.consentRegistry(31337, WebSliceBeans.DEPLOYMENT.consentRegistry()), appointment)));

        asPatient().get().uri(uri -> uri.path("/api/v1/typed-data/caregiver-appointment")
                        .queryParam("caregiver", DOCTOR.toString())
                        .queryParam("scopes", OBSERVATIONS + "," + Scope.of(Category.CONDITION).toBytes32().toHex())
                        .queryParam("powers", "READ,GRANT_REVOKE")
                        .queryParam("expiresAt", Long.toString(EXPIRES.getEpochSecond())).build())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.primaryType").isEqualTo("Appointment")
                .jsonPath("$.message.scopes.length()").isEqualTo(2)
                .jsonPath("$.message.powers").isEqualTo("5");
    }

    @Test
    void aCaregiverRevocationTypedDataIsThePatientsOwn() {
        CaregiverRevocationMessage revocation = new CaregiverRevocationMessage(PATIENT, DOCTOR,
                BigInteger.ONE, DEADLINE);
        when(caregiverTypedData.revocation(PATIENT, DOCTOR, Optional.empty())).thenReturn(Mono.just(TypedData.of(
                Eip712Domain.consentRegistry(31337, WebSliceBeans.DEPLOYMENT.consentRegistry()), revocation)));

        asPatient().get().uri("/api/v1/typed-data/caregiver-revocation?caregiver=" + DOCTOR).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.message.patient").isEqualTo(PATIENT.toString());
    }

    private static Map<String, Object> appointmentRequest(Map<String, Object> overrides) {
        Map<String, Object> appointment = new HashMap<>(Map.of("appointer", PATIENT.toString(),
                "patient", PATIENT.toString(), "caregiver", DOCTOR.toString(), "scopes", List.of(OBSERVATIONS),
                "powers", "READ,GRANT_REVOKE", "expiresAt", Long.toString(EXPIRES.getEpochSecond()), "nonce", "0",
                "deadline", Long.toString(DEADLINE.getEpochSecond())));
        appointment.putAll(overrides);
        Map<String, Object> request = new HashMap<>();
        request.put("appointment", appointment);
        request.put("signature", SIGNATURE);
        request.put("recordKeys", new ArrayList<>(List.of(Map.of("recordId", RECORD.toHex(),
                "wrappedKey", WRAPPED_KEY))));
        return request;
    }

    private static Map<String, Object> grantRequest() {
        return Map.of("grant", Map.of("caregiver", DOCTOR.toString(), "patient", PATIENT.toString(),
                        "grantee", PAEDIATRICIAN.toString(), "scope", OBSERVATIONS, "action", "READ", "purpose", "TREAT",
                        "expiresAt", Long.toString(EXPIRES.getEpochSecond()), "nonce", "0",
                        "deadline", Long.toString(DEADLINE.getEpochSecond())),
                "signature", SIGNATURE);
    }
}
