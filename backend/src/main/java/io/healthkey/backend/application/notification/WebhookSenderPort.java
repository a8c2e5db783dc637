package io.healthkey.backend.application.notification;

import java.net.URI;
import java.util.Map;
import java.util.OptionalInt;

import reactor.core.publisher.Mono;

/**
 * POSTs a webhook delivery. Every implementation guarantees: the host is resolved and its addresses checked with
 * {@link WebhookAddressRules} for this very request, and the connection goes to an address that was checked (a DNS
 * answer that changes in between cannot swap it); redirects are not followed; the whole exchange is bounded in time;
 * the response body is not kept. It never fails: every outcome is a {@link Result}.
 */
public interface WebhookSenderPort {

    /**
     * @param status the HTTP status, if the endpoint answered
     * @param outcome a fixed word for the delivery log (see {@code DeliveryAttempt})
     */
    record Result(OptionalInt status, String outcome) {

        public boolean delivered() {
            return status.isPresent() && status.getAsInt() >= 200 && status.getAsInt() < 300;
        }
    }

    Mono<Result> post(URI url, Map<String, String> headers, byte[] body);
}
