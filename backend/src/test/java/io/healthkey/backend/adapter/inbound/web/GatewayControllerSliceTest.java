package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.gateway.GatewayUpload;
import io.healthkey.backend.application.record.RecordContent;
import io.healthkey.backend.application.record.UploadReceipt;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.keywrap.WrappedKey;

/** The clinic gateway: plaintext in, with its media type and the record it replaces; plaintext out. */
class GatewayControllerSliceTest extends WebSliceTest {

    private static final String UPLOAD = "/api/v1/gateway/patients/" + PATIENT + "/records";
    private static final byte[] FHIR = "{\"resourceType\":\"Observation\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aPlaintextUploadNamesThePatientMediaTypeSupersededRecordAndLength() {
        when(gateway.upload(eq(DOCTOR), any(), any())).thenReturn(Mono.just(new UploadReceipt(anchoredRecord(120),
                accepted("anchor-7", RelayKind.ANCHOR, DOCTOR).request())));

        as(DOCTOR_TOKEN).post().uri(UPLOAD + "?supersedes=" + RECORD.toHex())
                .contentType(MediaType.parseMediaType("application/fhir+json")).bodyValue(FHIR).exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.requestId").isEqualTo("anchor-7")
                .jsonPath("$.statusUrl").isEqualTo("/api/v1/chain-requests/anchor-7")
                .jsonPath("$.eventsUrl").isEqualTo("/api/v1/chain-requests/anchor-7/events")
                .jsonPath("$.size").isEqualTo(120);

        ArgumentCaptor<GatewayUpload> upload = ArgumentCaptor.forClass(GatewayUpload.class);
        verify(gateway).upload(eq(DOCTOR), upload.capture(), any());
        assertThat(upload.getValue()).isEqualTo(new GatewayUpload(PATIENT, "application/fhir+json",
                Optional.of(RECORD), OptionalLong.of(FHIR.length)));
    }

    @Test
    void aMalformedPatientOrSupersededRecordIsNamed() {
        assertInvalidField(as(DOCTOR_TOKEN).post().uri("/api/v1/gateway/patients/someone/records")
                .contentType(MediaType.APPLICATION_PDF).bodyValue(FHIR).exchange(), "patient");
        assertInvalidField(as(DOCTOR_TOKEN).post().uri(UPLOAD + "?supersedes=last-one")
                .contentType(MediaType.APPLICATION_PDF).bodyValue(FHIR).exchange(), "supersedes");
        verifyNoInteractions(gateway);
    }

    @Test
    void invalidFhirIsAnsweredWithItsOperationOutcome() {
        when(gateway.upload(eq(DOCTOR), any(), any())).thenReturn(Mono.error(DomainException.withProperties(
                ErrorCode.FHIR_INVALID, "the resource has 1 error", Map.of("operationOutcome", Map.of(
                        "resourceType", "OperationOutcome", "issue", List.of(Map.of("severity", "error")))))));

        assertProblem(as(DOCTOR_TOKEN).post().uri(UPLOAD).contentType(MediaType.parseMediaType("application/fhir+json"))
                .bodyValue(FHIR).exchange(), 422, ErrorCode.FHIR_INVALID)
                .jsonPath("$.operationOutcome.issue[0].severity").isEqualTo("error");
    }

    @Test
    void aGrantedRecordIsReadAsPlaintextOfItsMediaTypeWithoutAWrappedKey() {
        when(gateway.readPlaintext(DOCTOR, RECORD)).thenReturn(Mono.just(new RecordContent(anchoredRecord(FHIR.length),
                CID, WrappedKey.parse("0x01"), Flux.just(ByteBuffer.wrap(FHIR)))));

        byte[] body = as(DOCTOR_TOKEN).get().uri("/api/v1/gateway/records/" + RECORD.toHex() + "/content").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/fhir+json")
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectHeader().valueEquals(BinaryBodies.RECORD_ID, RECORD.toHex())
                .expectHeader().doesNotExist(BinaryBodies.WRAPPED_KEY)
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(body).isEqualTo(FHIR);
    }
}
