package io.healthkey.backend.domain.recovery;

import java.time.Duration;

/**
 * The limits of guardian recovery.
 *
 * @param requestsPerDay how many recovery requests a patient may make per UTC day
 * @param requestTtl     how long guardians may transfer shares for a request
 */
public record RecoveryPolicy(int requestsPerDay, Duration requestTtl) {

    public RecoveryPolicy {
        if (requestsPerDay < 1 || requestTtl.isNegative() || requestTtl.isZero()) {
            throw new IllegalArgumentException("a recovery policy needs at least one request per day and a positive TTL");
        }
    }
}
