package io.healthkey.backend.domain.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.siwe.SiweMessage;
import io.healthkey.protocol.siwe.SiweTime;

class SignInPolicyTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final SignInPolicy POLICY = new SignInPolicy(List.of("app.healthkey.example", "Localhost:8080"),
            List.of("https://app.healthkey.example", "http://localhost:8080"), 31337, Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofSeconds(30));

    static SiweMessage.Builder message() {
        return SiweMessage.builder("app.healthkey.example",
                EthAddress.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), "https://app.healthkey.example/login",
                31337, "0123456789abcdef", SiweTime.of(NOW.minusSeconds(10)));
    }

    static void assertRejected(UnaryOperator<SiweMessage.Builder> change, ErrorCode code) {
        assertThatThrownBy(() -> POLICY.check(change.apply(message()).build(), NOW))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    @Test
    void acceptsAMessageForThisDomainOriginAndChain() {
        assertThatCode(() -> POLICY.check(message().build(), NOW)).doesNotThrowAnyException();
        assertThatCode(() -> POLICY.check(SiweMessage.builder("LOCALHOST:8080", message().build().address(),
                "http://localhost:8080", 31337, "0123456789abcdef", SiweTime.of(NOW)).build(), NOW))
                .as("domains compare case-insensitively").doesNotThrowAnyException();
    }

    @Test
    void rejectsAnotherDomain() {
        assertThatThrownBy(() -> POLICY.check(SiweMessage.builder("evil.example", message().build().address(),
                "https://app.healthkey.example", 31337, "0123456789abcdef", SiweTime.of(NOW)).build(), NOW))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH_DOMAIN_MISMATCH));
    }

    @Test
    void rejectsUrisOfAnotherOrigin() {
        for (String uri : List.of("https://evil.example/login", "http://app.healthkey.example/login",
                "https://app.healthkey.example:8443/", "urn:healthkey:session")) {
            assertThatThrownBy(() -> POLICY.check(SiweMessage.builder("app.healthkey.example",
                    message().build().address(), uri, 31337, "0123456789abcdef", SiweTime.of(NOW)).build(), NOW))
                    .as(uri).isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH_URI_MISMATCH));
        }
    }

    @Test
    void rejectsAnotherChain() {
        assertThatThrownBy(() -> POLICY.check(SiweMessage.builder("app.healthkey.example",
                message().build().address(), "https://app.healthkey.example", 1, "0123456789abcdef",
                SiweTime.of(NOW)).build(), NOW))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH_CHAIN_MISMATCH));
    }

    @Test
    void rejectsMessagesOutsideTheirValidityWindow() {
        assertRejected(b -> b.expirationTime(SiweTime.of(NOW)), ErrorCode.AUTH_MESSAGE_EXPIRED);
        assertRejected(b -> b.notBefore(SiweTime.of(NOW.plusSeconds(31))), ErrorCode.AUTH_MESSAGE_NOT_YET_VALID);
        assertThatCode(() -> POLICY.check(message().notBefore(SiweTime.of(NOW.plusSeconds(30)))
                .expirationTime(SiweTime.of(NOW.plusMillis(1))).build(), NOW)).doesNotThrowAnyException();
    }

    @Test
    void rejectsIssuedAtInTheFutureOrOlderThanANonceLives() {
        SiweMessage future = SiweMessage.builder("app.healthkey.example", message().build().address(),
                "https://app.healthkey.example", 31337, "0123456789abcdef", SiweTime.of(NOW.plusSeconds(31))).build();
        SiweMessage old = SiweMessage.builder("app.healthkey.example", message().build().address(),
                "https://app.healthkey.example", 31337, "0123456789abcdef",
                SiweTime.of(NOW.minus(Duration.ofMinutes(5)).minusSeconds(31))).build();

        assertThatThrownBy(() -> POLICY.check(future, NOW)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH_MESSAGE_NOT_YET_VALID));
        assertThatThrownBy(() -> POLICY.check(old, NOW)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH_MESSAGE_EXPIRED));
    }

    @Test
    void sessionsEndWithTheirTtlOrTheMessagesExpiryWhicheverIsFirst() {
        assertThat(POLICY.sessionExpiry(message().build(), NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(POLICY.sessionExpiry(message().expirationTime(SiweTime.of(NOW.plusSeconds(60))).build(), NOW))
                .isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void refusesAnOriginWithAPath() {
        assertThatThrownBy(() -> new SignInPolicy(List.of("a.example"), List.of("https://a.example/login"), 1,
                Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
