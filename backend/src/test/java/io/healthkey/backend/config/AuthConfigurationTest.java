package io.healthkey.backend.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class AuthConfigurationTest {

    static AuthProperties properties(String secret, List<String> domains) {
        return new AuthProperties(domains, List.of("https://app.healthkey.example"), Duration.ofMinutes(5),
                Duration.ofMinutes(15), Duration.ofSeconds(30), secret);
    }

    @Test
    void requiresATokenSecretOutsideTheLocalProfile() {
        assertThatThrownBy(() -> AuthConfiguration.tokenSecret(properties(null, List.of("a")), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("healthkey.auth.token-secret");
    }

    @Test
    void makesARandomSecretPerProcessUnderLocal() {
        byte[] first = AuthConfiguration.tokenSecret(properties(null, List.of("a")), true);
        byte[] second = AuthConfiguration.tokenSecret(properties(null, List.of("a")), true);

        assertThat(first).hasSize(32).isNotEqualTo(second);
    }

    @Test
    void refusesAShortSecretWithoutEchoingIt() {
        assertThatThrownBy(() -> AuthConfiguration.tokenSecret(properties("short-secret-value", List.of("a")), false))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("short-secret-value");
        assertThat(AuthConfiguration.tokenSecret(properties("x".repeat(32), List.of("a")), false)).hasSize(32);
    }

    @Test
    void requiresTheDomainsUsersSignInTo() {
        assertThatThrownBy(() -> AuthConfiguration.policy(properties(null, List.of()), 1, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("healthkey.auth.domains");
        assertThat(AuthConfiguration.policy(properties(null, List.of("App.HealthKey.example")), 1, false).domains())
                .containsExactly("app.healthkey.example");
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(properties("s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t", List.of("a")).toString()).doesNotContain("s3cr3t");
    }
}
