package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.notification.DeliveryAttempt;
import io.healthkey.backend.domain.notification.WebhookEndpoint;
import io.healthkey.backend.domain.notification.WebhookSecret;

/** Webhook registration, listing and the delivery log as JSON; the stream's Last-Event-ID checked before any use. */
class NotificationControllerSliceTest extends WebSliceTest {

    private static final String PATIENT_PATH = "/api/v1/patients/" + PATIENT;
    private static final String ID = "wh_" + "0a".repeat(16);
    private static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final WebhookEndpoint ENDPOINT = new WebhookEndpoint(ID, PATIENT, "https://hooks.example.org/h",
            SECRET, Instant.parse("2026-12-07T10:00:00Z"));

    @Test
    void aRegistrationAnswersTheSecretOnceAndTheListNever() {
        when(webhooks.register(PATIENT, PATIENT, ENDPOINT.url())).thenReturn(Mono.just(ENDPOINT));
        when(webhooks.endpoints(PATIENT, PATIENT)).thenReturn(Flux.just(ENDPOINT));

        asPatient().post().uri(PATIENT_PATH + "/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", ENDPOINT.url())).exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.id").isEqualTo(ID)
                .jsonPath("$.secret").isEqualTo(SECRET.encoded())
                .jsonPath("$.createdAt").isEqualTo("2026-12-07T10:00:00Z");
        asPatient().get().uri(PATIENT_PATH + "/webhooks").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains(ID).doesNotContain("whsec_"));
    }

    @Test
    void aRefusedUrlIsAProblemThatDoesNotEchoIt() {
        when(webhooks.register(any(), any(), any())).thenReturn(Mono.error(new DomainException(
                ErrorCode.NOTIFY_REFUSED_ADDRESS, "the url's host must resolve only to public addresses")));

        assertProblem(asPatient().post().uri(PATIENT_PATH + "/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", "https://169.254.169.254/latest")).exchange(), 422,
                ErrorCode.NOTIFY_REFUSED_ADDRESS)
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail).doesNotContain("169.254"));
    }

    @Test
    void aRegistrationWithoutUrlIsAnInvalidField() {
        assertInvalidField(asPatient().post().uri(PATIENT_PATH + "/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange(), "url");
        verifyNoInteractions(webhooks);
    }

    @Test
    void theDeliveryLogShowsStatusAndOutcomeAndNoStatusWhenThereWasNoAnswer() {
        when(webhooks.deliveryLog(PATIENT, PATIENT, ID)).thenReturn(Flux.just(
                new DeliveryAttempt("dlv_7_" + ID, 7, ID, 2, Instant.parse("2026-12-07T10:00:20Z"),
                        OptionalInt.empty(), "timeout"),
                new DeliveryAttempt("dlv_7_" + ID, 7, ID, 1, Instant.parse("2026-12-07T10:00:01Z"),
                        OptionalInt.of(500), "rejected")));

        asPatient().get().uri(PATIENT_PATH + "/webhooks/" + ID + "/deliveries").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].outcome").isEqualTo("timeout")
                .jsonPath("$[0].statusCode").doesNotExist()
                .jsonPath("$[1].statusCode").isEqualTo(500)
                .jsonPath("$[1].notificationId").isEqualTo("7");
    }

    @Test
    void aLastEventIdThatIsNotAnIdIsRefusedBeforeTheStreamOpens() {
        assertProblem(asPatient().get().uri(PATIENT_PATH + "/notifications/stream")
                .accept(MediaType.TEXT_EVENT_STREAM).header("Last-Event-ID", "1; DROP TABLE").exchange(), 422,
                ErrorCode.NOTIFY_INVALID_LAST_EVENT_ID);
        verifyNoInteractions(notificationStream);
    }
}
