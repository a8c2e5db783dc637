package io.healthkey.backend.adapter.outbound.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.healthkey.backend.adapter.outbound.persistence.NotificationStore;
import io.healthkey.backend.application.notification.NotificationPolicy;
import io.healthkey.backend.application.notification.NotificationService;
import io.healthkey.backend.application.notification.RetrySchedule;
import io.healthkey.backend.application.notification.WebhookAddressRules;
import io.healthkey.backend.application.notification.WebhookDeliveryService;
import io.healthkey.backend.application.notification.WebhookService;
import io.healthkey.backend.domain.notification.DeliveryAttempt;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.backend.domain.notification.NotificationType;
import io.healthkey.backend.domain.notification.WebhookEndpoint;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.protocol.EthAddress;
import reactor.core.scheduler.Schedulers;

/**
 * Webhook delivery end to end on a migrated database and a real HTTP receiver on loopback: signed bodies, retries
 * on the schedule, a restart mid-attempt, a hanging endpoint beside a working one, refused addresses at delivery.
 */
class WebhookDeliveryTest {

    private static final EthAddress PATIENT = EthAddress.parse("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    private static final EthAddress OTHER = EthAddress.parse("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
    private static final NotificationEvent GRANTED = new NotificationEvent(NotificationType.CONSENT_GRANTED,
            Map.of("grantee", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", "scope", "0x" + "ab".repeat(32)));
    private static final NotificationPolicy POLICY = new NotificationPolicy(100, 3, Duration.ofSeconds(15), 5,
            new RetrySchedule(Duration.ofSeconds(10), Duration.ofMinutes(5), 4), 8, Duration.ofSeconds(2));

    private final String database = NotificationStore.newDatabaseName();
    private final NotificationStore store = NotificationStore.open(database, true);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final AtomicInteger pass = new AtomicInteger();
    private final AtomicInteger failFirst = new AtomicInteger(2);
    private final LoopbackReceiver receiver = new LoopbackReceiver(Map.<String, IntSupplier>of(
            "/flaky", () -> failFirst.getAndDecrement() > 0 ? 500 : 204,
            "/ok", () -> 200,
            "/hang", () -> LoopbackReceiver.HANG,
            "/gone", () -> 410,
            "/moved", () -> 302,
            "/redirected", () -> { pass.incrementAndGet(); return 200; }));
    private final NettyWebhookSender sender = new NettyWebhookSender(new WebhookAddressRules(true), new SystemDns(),
            POLICY.attemptTimeout());
    private final NotificationService notifications = new NotificationService(store.notifications(), POLICY, clock,
            Schedulers.parallel());

    WebhookDeliveryTest() throws Exception {
    }

    @AfterEach
    void close() {
        receiver.close();
        sender.close();
    }

    @Test
    void aFailingEndpointIsRetriedOnTheScheduleUntilItAcceptsAndEveryAttemptIsSignedAndLogged() throws Exception {
        WebhookEndpoint endpoint = register(PATIENT, receiver.url("/flaky"));
        WebhookDeliveryService deliveries = deliveries(sender);
        notifications.notify(PATIENT, GRANTED).block();

        runDue(deliveries);
        clock.now = clock.now.plusSeconds(9);
        assertThat(deliveries.startDue().block()).as("not due before the first delay").isZero();
        clock.now = clock.now.plusSeconds(1);
        runDue(deliveries);
        clock.now = clock.now.plusSeconds(20);
        runDue(deliveries);
        clock.now = clock.now.plus(Duration.ofDays(1));
        assertThat(deliveries.startDue().block()).as("delivered: never sent again").isZero();

        List<LoopbackReceiver.Received> posts = receiver.received("/flaky");
        assertThat(posts).hasSize(3);
        for (LoopbackReceiver.Received post : posts) {
            String signed = post.header("webhook-id") + "." + post.header("webhook-timestamp") + "."
                    + new String(post.body(), StandardCharsets.UTF_8);
            assertThat(post.header("webhook-signature")).isEqualTo("v1," + hmac(endpoint, signed));
            assertThat(post.header("content-type")).isEqualTo("application/json");
        }
        assertThat(posts).extracting(post -> post.header("webhook-id")).containsOnly(posts.get(0).header("webhook-id"));
        assertThat(posts).extracting(post -> post.header("webhook-timestamp")).doesNotHaveDuplicates();
        String body = new String(posts.get(0).body(), StandardCharsets.UTF_8);
        assertThat(body).startsWith("{\"id\":\"").contains("\"type\":\"consent.granted\"")
                .contains("\"patient\":\"" + PATIENT + "\"").contains("\"grantee\":\"0x3C44");

        assertThat(log(endpoint)).extracting(DeliveryAttempt::attempt, a -> a.statusCode().orElse(0),
                DeliveryAttempt::outcome).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, 204, "delivered"),
                        org.assertj.core.groups.Tuple.tuple(2, 500, "rejected"),
                        org.assertj.core.groups.Tuple.tuple(1, 500, "rejected"));
    }

    @Test
    void aDeliveryGivesUpAfterTheLastAttempt() {
        WebhookEndpoint endpoint = register(PATIENT, receiver.url("/gone"));
        WebhookDeliveryService deliveries = deliveries(sender);
        notifications.notify(PATIENT, GRANTED).block();

        for (int i = 0; i < 6; i++) {
            runDue(deliveries);
            clock.now = clock.now.plus(Duration.ofMinutes(10));
        }

        assertThat(receiver.received("/gone")).hasSize(4);
        assertThat(log(endpoint)).hasSize(4).allSatisfy(attempt -> assertThat(attempt.outcome()).isEqualTo("rejected"));
    }

    @Test
    void aDeliveryInterruptedByARestartIsSentAgainOnceItsLeaseEnds() {
        WebhookEndpoint endpoint = register(PATIENT, receiver.url("/ok"));
        notifications.notify(PATIENT, GRANTED).block();
        WebhookDeliveryService crashed = new WebhookDeliveryService(store.webhooks(),
                (url, headers, body) -> reactor.core.publisher.Mono.never(), POLICY, clock);
        assertThat(crashed.startDue().block()).isOne();

        NotificationStore restarted = NotificationStore.open(database, false);
        WebhookDeliveryService after = new WebhookDeliveryService(restarted.webhooks(), sender, POLICY, clock);
        assertThat(after.startDue().block()).as("still leased to the crashed runner").isZero();
        clock.now = clock.now.plus(POLICY.attemptTimeout().multipliedBy(2));
        runDue(after);

        assertThat(receiver.received("/ok")).hasSize(1);
        assertThat(log(endpoint)).extracting(DeliveryAttempt::outcome).containsExactly("delivered");
    }

    @Test
    void aHangingEndpointDelaysNoOtherDeliveryAndTimesOut() {
        WebhookEndpoint hanging = register(OTHER, receiver.url("/hang"));
        WebhookEndpoint working = register(PATIENT, receiver.url("/ok"));
        WebhookDeliveryService deliveries = deliveries(sender);
        notifications.notify(OTHER, GRANTED).block();
        notifications.notify(PATIENT, GRANTED).block();

        assertThat(deliveries.startDue().block()).isEqualTo(2);
        await().atMost(Duration.ofMillis(1500)).until(() -> !log(working).isEmpty());
        assertThat(log(hanging)).as("the hanging one still under way").isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.inFlight() == 0);
        assertThat(log(hanging)).extracting(DeliveryAttempt::outcome).containsExactly("timeout");
    }

    @Test
    void redirectsAreNotFollowed() {
        WebhookEndpoint moved = register(PATIENT, receiver.url("/moved"));
        WebhookDeliveryService deliveries = deliveries(sender);
        notifications.notify(PATIENT, GRANTED).block();

        runDue(deliveries);

        assertThat(pass).hasValue(0);
        assertThat(log(moved)).extracting(a -> a.statusCode().orElse(0)).containsExactly(302);
    }

    @Test
    void aHostThatResolvesToAPrivateAddressAtDeliveryIsNeverConnectedTo() throws Exception {
        // Registered while the name resolved to a public address; by delivery it resolves to loopback (rebinding).
        AtomicInteger lookups = new AtomicInteger();
        InetAddress publicAddress = InetAddress.getByName("93.184.215.14");
        SystemDns rebinding = new SystemDns(host -> List.of(lookups.getAndIncrement() == 0
                ? publicAddress : InetAddress.getLoopbackAddress()));
        WebhookAddressRules strict = new WebhookAddressRules(false);
        WebhookEndpoint endpoint = new WebhookService(store.webhooks(), strict, rebinding, POLICY, new SecureRandom(),
                clock).register(PATIENT, PATIENT, "https://rebinding.example:" + receiver.port() + "/ok").block();
        try (NettyWebhookSender strictSender = new NettyWebhookSender(strict, rebinding, POLICY.attemptTimeout())) {
            WebhookDeliveryService deliveries = deliveries(strictSender);
            notifications.notify(PATIENT, GRANTED).block();

            runDue(deliveries);
        }

        assertThat(receiver.received("/ok")).isEmpty();
        assertThat(log(endpoint)).extracting(DeliveryAttempt::outcome).containsExactly("refused-address");
    }

    @Test
    void theConnectionGoesToTheAddressTheCheckedLookupGave() throws Exception {
        // A name no resolver knows: only the checked lookup's answer can have taken the request to the receiver.
        SystemDns pinned = new SystemDns(host -> List.of(InetAddress.getLoopbackAddress()));
        WebhookAddressRules local = new WebhookAddressRules(true);
        WebhookEndpoint endpoint = new WebhookService(store.webhooks(), local, pinned, POLICY, new SecureRandom(),
                clock).register(PATIENT, PATIENT, "http://receiver.invalid:" + receiver.port() + "/ok").block();
        try (NettyWebhookSender pinnedSender = new NettyWebhookSender(local, pinned, POLICY.attemptTimeout())) {
            notifications.notify(PATIENT, GRANTED).block();
            runDue(deliveries(pinnedSender));
        }

        assertThat(receiver.received("/ok")).singleElement()
                .satisfies(post -> assertThat(post.header("host")).startsWith("receiver.invalid"));
        assertThat(log(endpoint)).extracting(DeliveryAttempt::outcome).containsExactly("delivered");
    }

    private WebhookEndpoint register(EthAddress patient, String url) {
        return new WebhookService(store.webhooks(), new WebhookAddressRules(true), new SystemDns(), POLICY,
                new SecureRandom(), clock).register(patient, patient, url).block();
    }

    private WebhookDeliveryService deliveries(NettyWebhookSender through) {
        return new WebhookDeliveryService(store.webhooks(), through, POLICY, clock);
    }

    /** Starts what is due and waits for it to end. */
    private static void runDue(WebhookDeliveryService deliveries) {
        deliveries.startDue().block();
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.inFlight() == 0);
    }

    private List<DeliveryAttempt> log(WebhookEndpoint endpoint) {
        return store.webhooks().attempts(endpoint.id(), 100).collectList().block();
    }

    private static String hmac(WebhookEndpoint endpoint, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(endpoint.secret().encoded().substring("whsec_".length())),
                "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
