package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

class OperatorTokensTest {

    private static final String SCRAPE = "a-scrape-token-of-at-least-32-characters";
    private static final String HEALTH = "a-health-token-of-at-least-32-characters";

    @Test
    void theScrapeTokenAloneOpensMetricsAndHealthDetails() {
        OperatorTokens tokens = new OperatorTokens(new MetricsProperties(SCRAPE, null));

        assertThat(roles(tokens, SCRAPE)).containsExactly("ROLE_METRICS", "ROLE_OPERATOR");
        assertThat(roles(tokens, " " + SCRAPE + " ")).containsExactly("ROLE_METRICS", "ROLE_OPERATOR");
        assertThat(tokens.authenticate(new BearerTokenConverter.BearerToken(SCRAPE)).block().getName())
                .isEqualTo(OperatorTokens.NAME);
    }

    @Test
    void aSeparateHealthTokenTakesHealthDetailsFromTheScrapeToken() {
        OperatorTokens tokens = new OperatorTokens(new MetricsProperties(SCRAPE, HEALTH));

        assertThat(roles(tokens, SCRAPE)).containsExactly("ROLE_METRICS");
        assertThat(roles(tokens, HEALTH)).containsExactly("ROLE_OPERATOR");
    }

    @Test
    void refusesAnyOtherTokenWithAuth0011() {
        OperatorTokens tokens = new OperatorTokens(new MetricsProperties(SCRAPE, HEALTH));

        for (String other : List.of(SCRAPE.substring(1), SCRAPE + "x", "", "patient-session-token")) {
            assertThatThrownBy(() -> tokens.authenticate(new BearerTokenConverter.BearerToken(other)).block())
                    .isInstanceOfSatisfying(RejectedCredentialsException.class,
                            e -> assertThat(e.reason().code()).isEqualTo("AUTH-0011"));
        }
    }

    @Test
    void withoutConfiguredTokensNothingIsAnOperator() {
        OperatorTokens tokens = new OperatorTokens(new MetricsProperties(null, null));

        assertThatThrownBy(() -> tokens.authenticate(new BearerTokenConverter.BearerToken(SCRAPE)).block())
                .isInstanceOf(RejectedCredentialsException.class);
    }

    @Test
    void refusesShortTokensInConfiguration() {
        assertThatThrownBy(() -> new MetricsProperties("too-short", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MetricsProperties(SCRAPE, "too-short"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> roles(OperatorTokens tokens, String token) {
        Authentication operator = tokens.authenticate(new BearerTokenConverter.BearerToken(token)).block();
        return operator.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
    }
}
