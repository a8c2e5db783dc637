package io.healthkey.backend.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/** Cursors round-trip, and anything else, of any shape, is AUDIT-0001 without the submitted value in the message. */
class PageCursorTest {

    @Test
    void aCursorParsesBackToTheSamePositionOfTheSameList() {
        PageCursor cursor = PageCursor.of("consents", "p", "-1800000000", "-5", "request-7");

        PageCursor parsed = PageCursor.parse("consents", cursor.token());

        assertThat(parsed).isEqualTo(cursor);
        assertThat(parsed.number(1)).isEqualTo(-1_800_000_000L);
        assertThat(parsed.field(3)).isEqualTo("request-7");
        assertThat(cursor.token()).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage!", "%%%", "MXxyZWFkcw", "MnxyZWFkc3w0MQ", "MXxyZWFkc3w0MQ==",
        "MXxyZWNvcmRzfDQx", "MXxyZWFkc3w0MXw", "AAAA", "MXxyZWFkc3wgNDE"})
    void aTokenThatIsNotACursorOfThisListIsAudit0001AndNeverEchoed(String token) {
        assertMalformed(() -> PageCursor.parse("reads", token), token);
    }

    @Test
    void anOversizedTokenIsRefusedBeforeDecoding() {
        String plain = "1|reads|" + "4".repeat(300);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));

        assertMalformed(() -> PageCursor.parse("reads", token), token);
    }

    @Test
    void aKeyFieldThatIsNoNumberOrMissingIsAudit0001() {
        PageCursor cursor = PageCursor.parse("reads", PageCursor.of("reads", "forty-one").token());

        assertMalformed(() -> cursor.number(0), "forty-one");
        assertMalformed(() -> cursor.field(1), "forty-one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "ten", "1e2", "", "0050x", "99999999999"})
    void aLimitOutOfBoundsIsAudit0002AndNeverEchoed(String limit) {
        assertThatThrownBy(() -> PageRequest.of("reads", Optional.of(limit), Optional.empty()))
                .isInstanceOfSatisfying(DomainException.class, failure -> {
                    assertThat(failure.errorCode()).isEqualTo(ErrorCode.AUDIT_LIMIT_OUT_OF_RANGE);
                    assertThat(failure.getMessage()).isEqualTo("limit must be a number from 1 to 200 (default 50)");
                });
    }

    @Test
    void theLimitDefaultsTo50AndGoesFrom1To200() {
        assertThat(PageRequest.of("reads", Optional.empty(), Optional.empty()).limit()).isEqualTo(50);
        assertThat(PageRequest.of("reads", Optional.of("1"), Optional.empty()).limit()).isEqualTo(1);
        assertThat(PageRequest.of("reads", Optional.of("200"), Optional.empty()).limit()).isEqualTo(200);
        assertThat(PageRequest.of("reads", Optional.of("007"), Optional.empty()).limit()).isEqualTo(7);
    }

    private static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String submitted) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, failure -> {
            assertThat(failure.errorCode()).isEqualTo(ErrorCode.AUDIT_MALFORMED_CURSOR);
            assertThat(failure.getMessage())
                    .isEqualTo("cursor is not one this service gave for the reads list; start again without it");
            if (!submitted.isEmpty()) {
                assertThat(failure.getMessage()).doesNotContain(submitted);
            }
        });
    }
}
