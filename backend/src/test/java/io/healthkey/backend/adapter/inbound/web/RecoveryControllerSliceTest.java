package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.error.RetryAfter;
import io.healthkey.backend.domain.recovery.RecoveryRequest;
import io.healthkey.backend.domain.recovery.ShareTransfer;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;

/** The recovery routes: fields parsed and named, answers shaped as the OpenAPI document says, codes mapped. */
class RecoveryControllerSliceTest extends WebSliceTest {

    private static final String ID = "00000000-0000-4000-8000-000000000001";
    private static final EncryptionPublicKey DEVICE = DOCTOR_WALLET.encryptionKey().publicKey();
    private static final Bytes32 KIT_ID = Bytes32.fromBytes(new byte[32]);
    private static final String SIGNATURE = "0x" + "11".repeat(32) + "22".repeat(32) + "1c";
    private static final Instant DEADLINE = Instant.parse("2026-03-01T13:00:00Z");
    private static final RecoveryRequest REQUEST = new RecoveryRequest(ID, PATIENT,
            RecordId.of(PATIENT, Category.RECOVERY_KIT, 1), CID, KIT_ID, DEVICE, 2, List.of(DOCTOR),
            WebSliceBeans.NOW, WebSliceBeans.NOW.plus(Duration.ofDays(7)));

    @Test
    void aRequestIsMadeForTheSessionPatientAndAnsweredWithItsUrls() {
        when(recovery.request(PATIENT, DEVICE)).thenReturn(Mono.just(REQUEST));

        asPatient().post().uri("/api/v1/recovery/requests").bodyValue(Map.of("devicePublicKey", DEVICE.toHex()))
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.id").isEqualTo(ID)
                .jsonPath("$.kitId").isEqualTo(KIT_ID.toHex())
                .jsonPath("$.guardians[0]").isEqualTo(DOCTOR.toString())
                .jsonPath("$.expiresAt").isEqualTo("2026-03-08T12:00:00Z")
                .jsonPath("$.transfersUrl").isEqualTo("/api/v1/recovery/requests/" + ID + "/transfers");
    }

    @Test
    void anInvalidDeviceKeyIsNamedAndReachesNoUseCase() {
        assertInvalidField(asPatient().post().uri("/api/v1/recovery/requests")
                .bodyValue(Map.of("devicePublicKey", "0x02")).exchange(), "devicePublicKey");
        verifyNoInteractions(recovery);
    }

    @Test
    void theDailyLimitIs429WithRetryAfter() {
        when(recovery.request(PATIENT, DEVICE)).thenReturn(Mono.error(RetryAfter.failure(
                ErrorCode.RECOVERY_REQUESTS_EXHAUSTED, "limit", Duration.ofHours(2))));

        assertProblem(asPatient().post().uri("/api/v1/recovery/requests")
                        .bodyValue(Map.of("devicePublicKey", DEVICE.toHex())).exchange()
                        .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7200"),
                429, ErrorCode.RECOVERY_REQUESTS_EXHAUSTED);
    }

    @Test
    void aTransferIsParsedFieldForFieldForTheSessionGuardian() {
        when(recovery.transfer(eq(DOCTOR), eq(ID), any(), any())).thenAnswer(call -> Mono.just(
                new ShareTransfer(ID, call.getArgument(2), call.getArgument(3), WebSliceBeans.NOW)));

        as(DOCTOR_TOKEN).post().uri("/api/v1/recovery/requests/" + ID + "/transfers").bodyValue(transfer(Map.of()))
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.transfer.share").isEqualTo("0x" + "ab".repeat(130))
                .jsonPath("$.transfer.deadline").isEqualTo(Long.toString(DEADLINE.getEpochSecond()))
                .jsonPath("$.signature").isEqualTo(SIGNATURE);

        ArgumentCaptor<ShareTransferMessage> message = ArgumentCaptor.forClass(ShareTransferMessage.class);
        verify(recovery).transfer(eq(DOCTOR), eq(ID), message.capture(), eq(AccountSignature.parse(SIGNATURE)));
        assertThat(message.getValue().guardian()).isEqualTo(DOCTOR);
        assertThat(message.getValue().recipientPublicKey()).isEqualTo(DEVICE);
        assertThat(message.getValue().deadline()).isEqualTo(DEADLINE);
    }

    @Test
    void aMalformedTransferIsNamedByItsPathAndAMessageBreakingItsRulesIsProto0003() {
        assertInvalidField(postTransfer(transfer(Map.of("share", "0x" + "ab".repeat(129)))), "transfer.share");
        assertInvalidField(postTransfer(transfer(Map.of("kitId", "0x12"))), "transfer.kitId");
        assertInvalidField(postTransfer(transfer(Map.of("deadline", "soon"))), "transfer.deadline");
        assertInvalidField(postTransfer(Map.of("signature", SIGNATURE)), "transfer");
        postTransfer(transfer(Map.of("guardian", PATIENT.toString()))).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.code").isEqualTo("PROTO-0003");
        verifyNoInteractions(recovery);
    }

    @Test
    void theKitIsAnsweredAsBytesNeverCached() {
        when(recovery.kit(DOCTOR, ID)).thenReturn(Mono.just(new byte[] {1, 2, 3}));

        byte[] body = as(DOCTOR_TOKEN).get().uri("/api/v1/recovery/requests/" + ID + "/kit").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).containsExactly(1, 2, 3);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec postTransfer(Object body) {
        return as(DOCTOR_TOKEN).post().uri("/api/v1/recovery/requests/" + ID + "/transfers").bodyValue(body)
                .exchange();
    }

    private static Map<String, Object> transfer(Map<String, String> overrides) {
        Map<String, String> fields = new HashMap<>(Map.of("kitId", KIT_ID.toHex(), "patient", PATIENT.toString(),
                "guardian", DOCTOR.toString(), "recipientPublicKey", DEVICE.toHex(), "share", "0x" + "ab".repeat(130),
                "deadline", Long.toString(DEADLINE.getEpochSecond())));
        fields.putAll(overrides);
        return Map.of("transfer", fields, "signature", SIGNATURE);
    }
}
