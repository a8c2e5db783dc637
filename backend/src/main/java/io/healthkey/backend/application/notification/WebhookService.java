package io.healthkey.backend.application.notification;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.notification.DeliveryAttempt;
import io.healthkey.backend.domain.notification.WebhookEndpoint;
import io.healthkey.backend.domain.notification.WebhookSecret;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Registers, lists and deletes a patient's webhook endpoints, and shows each one's delivery log. */
public final class WebhookService implements ManageWebhooksUseCase {

    /** The attempts a delivery log shows. */
    static final int LOG_LENGTH = 100;

    private final WebhookStorePort store;
    private final WebhookAddressRules rules;
    private final HostResolverPort resolver;
    private final NotificationPolicy policy;
    private final SecureRandom random;
    private final Clock clock;

    public WebhookService(WebhookStorePort store, WebhookAddressRules rules, HostResolverPort resolver,
            NotificationPolicy policy, SecureRandom random, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.resolver = resolver;
        this.policy = policy;
        this.random = random;
        this.clock = clock;
    }

    @Override
    public Mono<WebhookEndpoint> register(EthAddress viewer, EthAddress patient, String url) {
        return requirePatient(viewer, patient)
                .then(Mono.fromCallable(() -> rules.parse(url)))
                .flatMap(uri -> resolver.resolve(uri.getHost()).doOnNext(addresses -> rules.check(uri, addresses))
                        .thenReturn(uri))
                .flatMap(uri -> store.endpoints(patient).count().flatMap(count -> count >= policy.maxEndpoints()
                        ? Mono.error(new DomainException(ErrorCode.NOTIFY_TOO_MANY_WEBHOOKS,
                                "a patient may register at most " + policy.maxEndpoints() + " webhook endpoints"))
                        : Mono.just(newEndpoint(patient, uri))))
                .flatMap(endpoint -> store.insert(endpoint).thenReturn(endpoint));
    }

    @Override
    public Flux<WebhookEndpoint> endpoints(EthAddress viewer, EthAddress patient) {
        return requirePatient(viewer, patient).thenMany(store.endpoints(patient));
    }

    @Override
    public Mono<Void> delete(EthAddress viewer, EthAddress patient, String endpointId) {
        return requirePatient(viewer, patient).then(store.delete(patient, endpointId))
                .flatMap(deleted -> deleted ? Mono.<Void>empty() : Mono.error(noSuchEndpoint()));
    }

    @Override
    public Flux<DeliveryAttempt> deliveryLog(EthAddress viewer, EthAddress patient, String endpointId) {
        return requirePatient(viewer, patient)
                .then(store.endpoints(patient).any(endpoint -> endpoint.id().equals(endpointId)))
                .flatMapMany(known -> known ? store.attempts(endpointId, LOG_LENGTH) : Flux.error(noSuchEndpoint()));
    }

    private WebhookEndpoint newEndpoint(EthAddress patient, URI url) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return new WebhookEndpoint("wh_" + HexFormat.of().formatHex(id), patient, url.toString(),
                WebhookSecret.random(random), clock.instant());
    }

    private static Mono<Void> requirePatient(EthAddress viewer, EthAddress patient) {
        return viewer.equals(patient) ? Mono.empty() : Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                "only the patient may manage their webhook endpoints"));
    }

    private static DomainException noSuchEndpoint() {
        return new DomainException(ErrorCode.NOTIFY_NO_SUCH_WEBHOOK, "the patient has no webhook endpoint with this id");
    }
}
