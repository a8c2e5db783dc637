package io.healthkey.backend.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Patient notifications: the stream and the webhooks (docs/OPERATIONS.md).
 *
 * @param backlog notifications kept per patient for a stream to resume from with Last-Event-ID
 * @param maxStreams streams one patient may have open at once, per backend process
 * @param heartbeat how often an idle stream carries a heartbeat comment
 * @param maxWebhooks webhook endpoints one patient may register
 * @param firstRetry delay before the second attempt of a failed delivery; doubled after each further one
 * @param longestRetry the longest delay between two attempts
 * @param maxAttempts attempts of one delivery before it is FAILED
 * @param maxInFlight deliveries under way at once, across all endpoints
 * @param attemptTimeout the longest one attempt may take, connection and response headers included
 * @param poll how often the runner looks for due deliveries; 0 turns webhook delivery off
 * @param recentEvents how old a block's grant or revocation may be and still be told when indexed: an index
 *        catching up on older blocks (a new database, a long outage) tells nothing of them
 * @param allowLoopbackHttp whether webhooks may go to loopback addresses, and over http there: on only in the local
 *        profile (the dev stack, the tests); never turn it on elsewhere
 */
@ConfigurationProperties("healthkey.notifications")
public record NotificationProperties(
        @DefaultValue("100") int backlog,
        @DefaultValue("3") int maxStreams,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("5") int maxWebhooks,
        @DefaultValue("10s") Duration firstRetry,
        @DefaultValue("1h") Duration longestRetry,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("16") int maxInFlight,
        @DefaultValue("10s") Duration attemptTimeout,
        @DefaultValue("1s") Duration poll,
        @DefaultValue("1h") Duration recentEvents,
        @DefaultValue("false") boolean allowLoopbackHttp) {
}
