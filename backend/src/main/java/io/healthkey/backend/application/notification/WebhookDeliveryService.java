package io.healthkey.backend.application.notification;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.domain.notification.DeliveryAttempt;
import io.healthkey.backend.domain.notification.DeliveryStatus;
import io.healthkey.backend.domain.notification.WebhookDelivery;
import io.healthkey.backend.domain.notification.WebhookEndpoint;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Delivers due webhook deliveries, each at most {@link NotificationPolicy#attemptTimeout()}, at most
 * {@link NotificationPolicy#maxInFlight()} at once. A delivery is claimed in the database before its attempt, so two
 * runners never send it together, and one that a crash interrupts is due again once its lease ends. Each attempt is
 * signed afresh (Standard Webhooks: same {@code webhook-id}, new timestamp) and logged; a failed one is due again
 * after the {@link RetrySchedule}'s delay, or FAILED after the last attempt.
 */
public final class WebhookDeliveryService implements DeliverWebhooksUseCase {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryService.class);

    private final WebhookStorePort store;
    private final WebhookSenderPort sender;
    private final NotificationPolicy policy;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();

    public WebhookDeliveryService(WebhookStorePort store, WebhookSenderPort sender, NotificationPolicy policy,
            Clock clock) {
        this.store = store;
        this.sender = sender;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Mono<Integer> startDue() {
        return Mono.defer(() -> {
            int room = policy.maxInFlight() - inFlight.get();
            if (room <= 0) {
                return Mono.just(0);
            }
            Instant now = clock.instant();
            return store.due(now, room)
                    .concatMap(delivery -> store.claim(delivery, now.plus(policy.lease()))
                            .filter(Boolean::booleanValue).map(claimed -> delivery))
                    .doOnNext(this::start)
                    .count().map(Long::intValue);
        });
    }

    /** How many deliveries are under way now. */
    public int inFlight() {
        return inFlight.get();
    }

    private void start(WebhookDelivery delivery) {
        inFlight.incrementAndGet();
        attempt(delivery)
                .doFinally(signal -> inFlight.decrementAndGet())
                .subscribe(null, failure -> log.warn("webhook delivery {} not recorded, due again after its lease: {}",
                        delivery.id(), failure.toString()));
    }

    private Mono<Void> attempt(WebhookDelivery delivery) {
        WebhookEndpoint endpoint = delivery.endpoint();
        byte[] body = delivery.notification().json().getBytes(StandardCharsets.UTF_8);
        Instant sentAt = clock.instant();
        String messageId = "msg_" + delivery.notification().id();
        Map<String, String> headers = Map.of(
                WebhookSignature.ID_HEADER, messageId,
                WebhookSignature.TIMESTAMP_HEADER, Long.toString(sentAt.getEpochSecond()),
                WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(endpoint.secret(), messageId, sentAt.getEpochSecond(), body));
        return Mono.defer(() -> sender.post(URI.create(endpoint.url()), headers, body))
                .timeout(policy.attemptTimeout(), Mono.just(new WebhookSenderPort.Result(OptionalInt.empty(), "timeout")))
                .onErrorResume(RuntimeException.class,
                        unexpected -> Mono.just(new WebhookSenderPort.Result(OptionalInt.empty(), "unreachable")))
                .flatMap(result -> record(delivery, result));
    }

    private Mono<Void> record(WebhookDelivery delivery, WebhookSenderPort.Result result) {
        Instant at = clock.instant();
        int attempts = delivery.attempts() + 1;
        var attempt = new DeliveryAttempt(delivery.id(), delivery.notification().id(), delivery.endpoint().id(),
                attempts, at, result.status(), result.delivered() ? "delivered" : result.outcome());
        if (result.delivered()) {
            return store.record(attempt, DeliveryStatus.DELIVERED, at);
        }
        return policy.retries().nextAttempt(attempts, at)
                .map(next -> store.record(attempt, DeliveryStatus.PENDING, next))
                .orElseGet(() -> store.record(attempt, DeliveryStatus.FAILED, at));
    }
}
