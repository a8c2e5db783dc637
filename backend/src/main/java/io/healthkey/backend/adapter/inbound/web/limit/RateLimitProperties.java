package io.healthkey.backend.adapter.inbound.web.limit;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits of the API ({@code healthkey.rate-limit.*}); see docs/OPERATIONS.md.
 *
 * @param enabled whether calls are limited at all (off only behind a gateway that limits them instead)
 * @param signIn the sign-in calls' allowance; unset fields keep {@link CallClass#SIGN_IN}'s defaults
 * @param reads every other call's allowance; unset fields keep {@link CallClass#READ}'s defaults
 * @param relayedWrites the relayed writes' allowance; unset fields keep {@link CallClass#RELAYED_WRITE}'s defaults
 * @param trustedProxies addresses or CIDR ranges of the reverse proxies whose {@code X-Forwarded-For} is believed;
 *     none by default, so the client address is the socket's
 * @param maxTrackedKeys the most client addresses, and the most accounts, tracked per class at once; past it the
 *     least recently seen are forgotten
 */
@ConfigurationProperties("healthkey.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        Setting signIn,
        Setting reads,
        Setting relayedWrites,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("100000") int maxTrackedKeys) {

    /** What one class allows, as configured over its defaults. */
    public Allowance allowance(CallClass callClass) {
        Setting setting = switch (callClass) {
            case SIGN_IN -> signIn;
            case READ -> reads;
            case RELAYED_WRITE -> relayedWrites;
        };
        Allowance defaults = callClass.defaults();
        if (setting == null) {
            return defaults;
        }
        return new Allowance(
                setting.perAddress() != null ? setting.perAddress() : defaults.perAddress(),
                setting.perAccount() != null ? setting.perAccount() : defaults.perAccount(),
                setting.period() != null ? setting.period() : defaults.period());
    }

    /** A class's configured allowance; each field left out keeps the class's default. */
    public record Setting(Integer perAddress, Integer perAccount, Duration period) {
    }
}
