package io.healthkey.backend.adapter.inbound.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may scrape {@code /actuator/prometheus} on the API port.
 *
 * @param scrapeToken the bearer token Prometheus sends ({@code authorization: credentials:} in its scrape config),
 *     at least 32 characters; give it through the environment. Without one the endpoint answers 404
 */
@ConfigurationProperties("healthkey.metrics")
public record MetricsProperties(String scrapeToken) {

    static final int MIN_TOKEN_LENGTH = 32;

    public MetricsProperties {
        if (scrapeToken != null && scrapeToken.strip().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(
                    "healthkey.metrics.scrape-token must have at least " + MIN_TOKEN_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return "MetricsProperties[scrapeToken=" + (scrapeToken == null ? "none" : "***") + "]";
    }
}
