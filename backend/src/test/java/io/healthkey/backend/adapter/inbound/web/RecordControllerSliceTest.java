package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.record.ReadableKey;
import io.healthkey.backend.application.record.RecordContent;
import io.healthkey.backend.application.record.UploadReceipt;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordDraft;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.keywrap.WrappedKey;

/** The client-encrypted record endpoints: reservation, streamed upload, ciphertext and key reads, reader keys. */
class RecordControllerSliceTest extends WebSliceTest {

    private static final String WRAPPED_KEY = "0x" + "cd".repeat(129);
    private static final String CONTENT = "/api/v1/records/" + RECORD.toHex() + "/content";

    @Test
    void aReservationCarriesTheDraftOfTheSessionAccount() {
        when(writeRecords.reserve(eq(DOCTOR), any())).thenReturn(Mono.just(reserved()));

        as(DOCTOR_TOKEN).post().uri("/api/v1/records").bodyValue(reservation(Map.of())).exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.recordId").isEqualTo(RECORD.toHex())
                .jsonPath("$.patient").isEqualTo(PATIENT.toString())
                .jsonPath("$.category").isEqualTo(Category.OBSERVATION.code())
                .jsonPath("$.serial").isEqualTo("1")
                .jsonPath("$.uploadUrl").isEqualTo(CONTENT);

        ArgumentCaptor<RecordDraft> draft = ArgumentCaptor.forClass(RecordDraft.class);
        verify(writeRecords).reserve(eq(DOCTOR), draft.capture());
        assertThat(draft.getValue().patient()).isEqualTo(PATIENT);
        assertThat(draft.getValue().category()).isEqualTo(Category.OBSERVATION);
        assertThat(draft.getValue().mediaType()).isEqualTo("application/fhir+json");
        assertThat(draft.getValue().supersedes()).isEmpty();
        assertThat(draft.getValue().keys()).extracting(ReaderKey::reader).containsExactlyInAnyOrder(PATIENT, DOCTOR);
    }

    @Test
    void aWrappedKeyOfAnyOtherLengthThanAWrappedRecordKeyIsRefusedBeforeAnythingIsStoredAndNotEchoed() {
        for (String wrongLength : new String[] {"0x" + "cd".repeat(128), "0x" + "cd".repeat(130),
                "0x" + "cd".repeat(4096)}) {
            assertInvalidField(reserve(Map.of("wrappedKeys", Map.of(PATIENT.toString(), wrongLength))),
                    "wrappedKeys[" + PATIENT + "]")
                    .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                            .contains("258 hex digits").doesNotContain("cdcd"));
        }
        verifyNoInteractions(writeRecords);
    }

    @Test
    void anInvalidReservationFieldIsNamed() {
        assertInvalidField(reserve(Map.of("category", "observation")), "category")
                .jsonPath("$.detail").isEqualTo("category must be a category code, a decimal number");
        assertInvalidField(reserve(Map.of("supersedes", "0x01")), "supersedes");
        assertInvalidField(reserve(Map.of("wrappedKeys", Map.of("0x12", WRAPPED_KEY))), "wrappedKeys key");
        assertInvalidField(reserve(Map.of("wrappedKeys", Map.of(PATIENT.toString(), "zz"))),
                "wrappedKeys[" + PATIENT + "]");
        Map<String, Object> noKeys = reservation(Map.of());
        noKeys.remove("wrappedKeys");
        assertInvalidField(asPatient().post().uri("/api/v1/records").bodyValue(noKeys).exchange(), "wrappedKeys")
                .jsonPath("$.detail").isEqualTo("wrappedKeys is required");
        verifyNoInteractions(writeRecords);
    }

    @Test
    void anUploadStreamsTheBodyToTheUseCaseWithItsDeclaredLength() {
        byte[] envelope = "an envelope of ciphertext".getBytes(StandardCharsets.UTF_8);
        StringBuilder received = new StringBuilder();
        when(writeRecords.upload(eq(PATIENT), eq(RECORD), eq(OptionalLong.of(envelope.length)), any()))
                .thenAnswer(call -> {
                    Flux<DataBuffer> body = call.getArgument(3);
                    return DataBufferUtils.join(body).map(joined -> {
                        received.append(joined.toString(StandardCharsets.UTF_8));
                        DataBufferUtils.release(joined);
                        return new UploadReceipt(anchoredRecord(envelope.length),
                                accepted("anchor-1", RelayKind.ANCHOR, PATIENT).request());
                    });
                });

        asPatient().put().uri(CONTENT).contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(envelope).exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.recordId").isEqualTo(RECORD.toHex())
                .jsonPath("$.cid").isEqualTo(CID.toString())
                .jsonPath("$.size").isEqualTo(envelope.length)
                .jsonPath("$.requestId").isEqualTo("anchor-1")
                .jsonPath("$.statusUrl").isEqualTo("/api/v1/chain-requests/anchor-1")
                .jsonPath("$.eventsUrl").isEqualTo("/api/v1/chain-requests/anchor-1/events");
        assertThat(received.toString()).isEqualTo("an envelope of ciphertext");
    }

    @Test
    void anUploadThatIsNotOctetStreamIs415() {
        assertProblem(asPatient().put().uri(CONTENT).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange(), 415, ErrorCode.REQUEST_UNSUPPORTED_MEDIA_TYPE);
        verifyNoInteractions(writeRecords);
    }

    @Test
    void theCiphertextIsAnsweredWithTheReadersWrappedKeyAndIsNeverCached() {
        byte[] ciphertext = {1, 2, 3, 4, 5};
        when(readRecords.read(DOCTOR, RECORD)).thenReturn(Mono.just(new RecordContent(anchoredRecord(5), CID,
                WrappedKey.parse(WRAPPED_KEY), Flux.just(ByteBuffer.wrap(ciphertext, 0, 2), ByteBuffer.wrap(ciphertext, 2, 3)))));

        byte[] body = as(DOCTOR_TOKEN).get().uri(CONTENT).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .expectHeader().contentLength(5)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectHeader().valueEquals(BinaryBodies.RECORD_ID, RECORD.toHex())
                .expectHeader().valueEquals(BinaryBodies.CID, CID.toString())
                .expectHeader().valueEquals(BinaryBodies.MEDIA_TYPE, "application/fhir+json")
                .expectHeader().valueEquals(BinaryBodies.WRAPPED_KEY, WRAPPED_KEY)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(ciphertext);
    }

    @Test
    void aReadWithoutAGrantIsForbidden() {
        when(readRecords.read(DOCTOR, RECORD)).thenReturn(
                Mono.error(new DomainException(ErrorCode.ACCESS_DENIED, "no active grant")));

        assertProblem(as(DOCTOR_TOKEN).get().uri(CONTENT).exchange(), 403, ErrorCode.ACCESS_DENIED);
    }

    @Test
    void aMalformedRecordIdInThePathIsNamed() {
        assertInvalidField(asPatient().get().uri("/api/v1/records/0x1234/content").exchange(), "recordId");
        assertInvalidField(asPatient().get().uri("/api/v1/records/record-1/key").exchange(), "recordId");
        verifyNoInteractions(readRecords);
    }

    @Test
    void theKeyIsAnsweredWithoutTheBytes() {
        when(readRecords.keyFor(PATIENT, RECORD)).thenReturn(
                Mono.just(new ReadableKey(anchoredRecord(99), CID, WrappedKey.parse(WRAPPED_KEY))));

        asPatient().get().uri("/api/v1/records/" + RECORD.toHex() + "/key").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.recordId").isEqualTo(RECORD.toHex())
                .jsonPath("$.reader").isEqualTo(PATIENT.toString())
                .jsonPath("$.wrappedKey").isEqualTo(WRAPPED_KEY)
                .jsonPath("$.cid").isEqualTo(CID.toString())
                .jsonPath("$.size").isEqualTo(99);
    }

    @Test
    void aReaderKeyIsAddedForTheSessionAccount() {
        when(readRecords.addReaderKey(eq(PATIENT), eq(RECORD), any())).thenReturn(Mono.empty());

        asPatient().post().uri("/api/v1/records/" + RECORD.toHex() + "/keys")
                .bodyValue(Map.of("reader", DOCTOR.toString(), "wrappedKey", WRAPPED_KEY)).exchange()
                .expectStatus().isNoContent();

        verify(readRecords).addReaderKey(PATIENT, RECORD, new ReaderKey(DOCTOR, WrappedKey.parse(WRAPPED_KEY)));
        assertInvalidField(asPatient().post().uri("/api/v1/records/" + RECORD.toHex() + "/keys")
                .bodyValue(Map.of("reader", "nobody", "wrappedKey", WRAPPED_KEY)).exchange(), "reader");
    }

    private WebTestClient.ResponseSpec reserve(Map<String, Object> overrides) {
        return asPatient().post().uri("/api/v1/records").bodyValue(reservation(overrides)).exchange();
    }

    private static Map<String, Object> reservation(Map<String, Object> overrides) {
        Map<String, Object> request = new HashMap<>(Map.of("patient", PATIENT.toString(),
                "category", Integer.toString(Category.OBSERVATION.code()), "mediaType", "application/fhir+json",
                "wrappedKeys", Map.of(PATIENT.toString(), WRAPPED_KEY, DOCTOR.toString(), WRAPPED_KEY)));
        request.putAll(overrides);
        return request;
    }

    private static RecordVersion reserved() {
        RecordVersion anchored = anchoredRecord(0);
        return new RecordVersion(RECORD, DOCTOR, anchored.origin(), RecordStatus.RESERVED, anchored.mediaType(),
                Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), false,
                WebSliceBeans.NOW, WebSliceBeans.NOW.plusSeconds(600));
    }
}
