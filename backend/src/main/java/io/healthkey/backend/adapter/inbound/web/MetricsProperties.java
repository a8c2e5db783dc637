package io.healthkey.backend.adapter.inbound.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The operator's credentials for the actuator endpoints on the API port (see docs/OPERATIONS.md). Give them through
 * the environment; each needs at least 32 characters.
 *
 * @param scrapeToken the bearer token Prometheus sends to {@code /actuator/prometheus} ({@code authorization:
 *     credentials:} in its scrape config). Without one nobody can scrape
 * @param healthToken the bearer token that shows {@code /actuator/health} with its components and details;
 *     without one, the scrape token does. Anonymous callers see the overall status only
 */
@ConfigurationProperties("healthkey.metrics")
public record MetricsProperties(String scrapeToken, String healthToken) {

    static final int MIN_TOKEN_LENGTH = 32;

    public MetricsProperties {
        requireLongEnough("scrape-token", scrapeToken);
        requireLongEnough("health-token", healthToken);
    }

    /** The token that shows health details: the health token if set, else the scrape token, else none. */
    String healthDetailsToken() {
        return healthToken != null ? healthToken : scrapeToken;
    }

    private static void requireLongEnough(String name, String token) {
        if (token != null && token.strip().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(
                    "healthkey.metrics." + name + " must have at least " + MIN_TOKEN_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return "MetricsProperties[scrapeToken=" + (scrapeToken == null ? "none" : "***")
                + ", healthToken=" + (healthToken == null ? "none" : "***") + "]";
    }
}
