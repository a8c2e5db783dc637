package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

import io.healthkey.backend.adapter.outbound.webhook.LoopbackReceiver;
import io.healthkey.backend.application.notification.WebhookSignature;
import io.healthkey.backend.domain.notification.WebhookSecret;
import io.healthkey.backend.support.AnvilChain;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.SignIn;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Scope;

/**
 * The patient told at once, end to end on an anvil node: a grant relayed through the API reaches the patient's open
 * stream and, signed, a webhook receiver on loopback that fails twice before it accepts (the retries in its delivery
 * log); a second endpoint that hangs delays neither the relay nor the first; a stream resumed with Last-Event-ID gets
 * the event again from the backlog; private and non-https URLs are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "healthkey.notifications.first-retry=300ms", "healthkey.notifications.poll=100ms",
    "healthkey.notifications.attempt-timeout=3s"})
@ActiveProfiles("local")
class NotificationIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long CHAIN_ID = 31337;
    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENTS =
            new ParameterizedTypeReference<>() { };

    private static AnvilChain anvil;

    private final AtomicInteger failures = new AtomicInteger(2);
    private final LoopbackReceiver receiver = new LoopbackReceiver(Map.<String, IntSupplier>of(
            "/flaky", () -> failures.getAndDecrement() > 0 ? 503 : 204,
            "/hang", () -> LoopbackReceiver.HANG));

    @LocalServerPort
    int port;

    NotificationIT() throws Exception {
    }

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) {
        anvil = AnvilChain.start(10);
        anvil.register(registry);
    }

    @AfterAll
    static void stopChain() {
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void aRelayedGrantReachesTheStreamAndASignedWebhookThroughRetriesAndAHangingEndpointHoldsUpNothing() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(WAIT)
                .build();
        Wallet wallet = Wallet.create();
        WebTestClient patientHttp = SignIn.as(http, wallet, CHAIN_ID);
        ApiClient patient = new ApiClient(patientHttp, wallet, CHAIN_ID);
        String base = "/api/v1/patients/" + wallet.address();
        Map<?, ?> flaky = register(patientHttp, base, receiver.url("/flaky"));
        register(patientHttp, base, receiver.url("/hang"));
        Flux<ServerSentEvent<Map<String, Object>>> stream = stream(patientHttp, base, null);
        EthAddress doctor = Wallet.create().address();

        long relayStarted = System.nanoTime();
        patient.grant(doctor, Scope.all(), Action.READ, Map.of());
        assertThat(Duration.ofNanos(System.nanoTime() - relayStarted)).isLessThan(WAIT);

        ServerSentEvent<Map<String, Object>> live = stream.filter(event -> event.event() != null)
                .blockFirst(WAIT);
        assertThat(live.event()).isEqualTo("consent.granted");
        assertThat(live.data()).containsEntry("patient", wallet.address().toString());
        assertThat(live.data().get("data")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("grantee", doctor.toString());

        await().atMost(WAIT).until(() -> receiver.received("/flaky").size() == 3);
        WebhookSecret secret = WebhookSecret.parse((String) flaky.get("secret"));
        for (LoopbackReceiver.Received post : receiver.received("/flaky")) {
            long timestamp = Long.parseLong(post.header("webhook-timestamp"));
            assertThat(post.header("webhook-signature"))
                    .isEqualTo(WebhookSignature.sign(secret, post.header("webhook-id"), timestamp, post.body()));
            assertThat(new String(post.body(), StandardCharsets.UTF_8)).contains("\"id\":\"" + live.id() + "\"");
        }
        await().atMost(WAIT).until(() -> deliveries(patientHttp, base, flaky).size() == 3);
        assertThat(deliveries(patientHttp, base, flaky)).extracting(attempt -> attempt.get("outcome"))
                .containsExactly("delivered", "rejected", "rejected");

        ServerSentEvent<Map<String, Object>> resumed = stream(patientHttp, base, "0")
                .filter(event -> event.event() != null).blockFirst(WAIT);
        assertThat(resumed.id()).isEqualTo(live.id());
    }

    @Test
    void urlsToPrivateAddressesOrWithoutHttpsAndOtherPatientsAreRefused() {
        WebTestClient http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(WAIT)
                .build();
        Wallet wallet = Wallet.create();
        WebTestClient patientHttp = SignIn.as(http, wallet, CHAIN_ID);
        String base = "/api/v1/patients/" + wallet.address();

        refused(patientHttp, base, "https://169.254.169.254/latest/meta-data", "NOTIFY-0003");
        refused(patientHttp, base, "https://[::ffff:10.0.0.1]/hook", "NOTIFY-0003");
        refused(patientHttp, base, "http://192.168.1.10/hook", "NOTIFY-0002");
        refused(patientHttp, base, "https://user:pass@example.org/hook", "NOTIFY-0001");
        SignIn.as(http, Wallet.create(), CHAIN_ID).post().uri(base + "/webhooks")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("url", receiver.url("/flaky")))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("REQUEST-0007");
        patientHttp.get().uri(base + "/webhooks").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
    }

    private static void refused(WebTestClient patientHttp, String base, String url, String code) {
        patientHttp.post().uri(base + "/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", url)).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody(String.class).value(body -> assertThat(body).contains(code).doesNotContain(url));
    }

    private static Map<?, ?> register(WebTestClient patientHttp, String base, String url) {
        return patientHttp.post().uri(base + "/webhooks").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", url)).exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private static Flux<ServerSentEvent<Map<String, Object>>> stream(WebTestClient patientHttp, String base,
            String lastEventId) {
        var request = patientHttp.get().uri(base + "/notifications/stream").accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange().expectStatus().isOk().returnResult(EVENTS).getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deliveries(WebTestClient patientHttp, String base, Map<?, ?> endpoint) {
        return patientHttp.get().uri(base + "/webhooks/" + endpoint.get("id") + "/deliveries").exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    }
}
