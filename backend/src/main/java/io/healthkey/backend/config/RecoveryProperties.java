package io.healthkey.backend.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.healthkey.backend.domain.recovery.RecoveryPolicy;

/**
 * Guardian recovery ({@code healthkey.recovery.*}).
 *
 * @param requestsPerDay recovery requests a patient may make per UTC day; past it, 429 RECOVERY-0003
 * @param requestTtl how long guardians may transfer shares for a request
 */
@ConfigurationProperties("healthkey.recovery")
public record RecoveryProperties(
        @DefaultValue("3") int requestsPerDay,
        @DefaultValue("7d") Duration requestTtl) {

    RecoveryPolicy policy() {
        return new RecoveryPolicy(requestsPerDay, requestTtl);
    }
}
