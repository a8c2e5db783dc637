package io.healthkey.backend.application.notification;

import java.time.Duration;

/**
 * How notifications are kept and delivered.
 *
 * @param backlog the notifications kept per patient for a stream to resume from
 * @param maxStreams the streams one patient may have open at once
 * @param heartbeat how often an idle stream carries a heartbeat
 * @param maxEndpoints the webhook endpoints one patient may register
 * @param retries when a failed delivery is tried again, and how often at most
 * @param maxInFlight the deliveries under way at once, across all endpoints
 * @param attemptTimeout the longest one delivery attempt may take, connection included
 */
public record NotificationPolicy(int backlog, int maxStreams, Duration heartbeat, int maxEndpoints,
        RetrySchedule retries, int maxInFlight, Duration attemptTimeout) {

    public NotificationPolicy {
        if (backlog < 1 || maxStreams < 1 || maxEndpoints < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("notification bounds must be at least 1");
        }
        if (heartbeat.isNegative() || heartbeat.isZero() || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("the heartbeat and the attempt timeout must be positive");
        }
    }

    /** How long a claimed delivery stays taken: past its attempt's timeout, so that only a crash leaves it. */
    Duration lease() {
        return attemptTimeout.multipliedBy(2);
    }
}
