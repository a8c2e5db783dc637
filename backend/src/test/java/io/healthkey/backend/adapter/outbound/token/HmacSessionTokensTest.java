package io.healthkey.backend.adapter.outbound.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

class HmacSessionTokensTest {

    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final Session SESSION = new Session("c2Vzc2lvbi1pZA", EthAddress.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
            Instant.parse("2026-11-25T10:00:00.123Z"), Instant.parse("2026-11-25T10:15:00.123Z"));
    static final HmacSessionTokens TOKENS = new HmacSessionTokens(SECRET);

    static void assertInvalid(String token) {
        assertThatThrownBy(() -> TOKENS.read(token)).as(token)
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH_TOKEN_INVALID);
                    assertThat(e.getMessage()).doesNotContain(token == null || token.isEmpty() ? "\0" : token);
                });
    }

    @Test
    void readsBackTheSessionItIssued() {
        String token = TOKENS.issue(SESSION);

        assertThat(token).startsWith("hk1.");
        assertThat(TOKENS.read(token)).isEqualTo(SESSION);
        assertThat(new HmacSessionTokens(SECRET.clone()).read(token)).as("another replica with the same secret")
                .isEqualTo(SESSION);
    }

    @Test
    void rejectsEveryCharacterChanged() {
        String token = TOKENS.issue(SESSION);
        for (int index = 0; index < token.length(); index++) {
            char replacement = token.charAt(index) == 'A' ? 'B' : 'A';
            assertInvalid(token.substring(0, index) + replacement + token.substring(index + 1));
        }
    }

    @Test
    void rejectsTruncatedExtendedAndForeignTokens() {
        String token = TOKENS.issue(SESSION);
        assertInvalid(token.substring(0, token.length() - 1));
        assertInvalid(token + "A");
        assertInvalid("");
        assertInvalid(null);
        assertInvalid("not a token");
        byte[] otherSecret = SECRET.clone();
        otherSecret[0] ^= 1;
        assertInvalid(new HmacSessionTokens(otherSecret).issue(SESSION));
    }

    @Test
    void refusesSecretsShorterThan32Bytes() {
        assertThatThrownBy(() -> new HmacSessionTokens(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
