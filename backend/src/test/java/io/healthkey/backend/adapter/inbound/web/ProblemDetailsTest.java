package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebInputException;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

class ProblemDetailsTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyDomainCodeBecomesAProblemCarryingThatCode(ErrorCode code) {
        ProblemDetail problem = ProblemDetails.from(new DomainException(code, "detail"));

        assertThat(problem.getProperties()).containsEntry("code", code.code());
        assertThat(problem.getTitle()).isEqualTo(code.title());
        assertThat(problem.getType().toString()).isEqualTo("urn:healthkey:problem:" + code.code());
        assertThat(problem.getStatus()).isBetween(400, 599);
    }

    @Test
    void replayedNonceIsAConflict() {
        assertThat(ProblemDetails.from(new DomainException(ErrorCode.CONSENT_NONCE_MISMATCH, "x")).getStatus())
                .isEqualTo(409);
    }

    @Test
    void missingOrInvalidSessionIs401AndAReplayedSignInIs409() {
        assertThat(ProblemDetails.from(new DomainException(ErrorCode.AUTH_TOKEN_MISSING, "x")).getStatus()).isEqualTo(401);
        assertThat(ProblemDetails.from(new DomainException(ErrorCode.AUTH_TOKEN_EXPIRED, "x")).getStatus()).isEqualTo(401);
        assertThat(ProblemDetails.from(new DomainException(ErrorCode.AUTH_NONCE_USED, "x")).getStatus()).isEqualTo(409);
    }

    @Test
    void oversizedBodyIs413() {
        var failure = new ServerWebInputException("bad", null, new DataBufferLimitException("limit"));

        assertThat(ProblemDetails.from(failure).getStatus()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE.value());
    }

    @Test
    void unexpectedFailuresRevealNothing() {
        ProblemDetail problem = ProblemDetails.from(new IllegalStateException("SELECT secret FROM keys"));

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getDetail()).doesNotContain("SELECT");
        assertThat(problem.getProperties()).containsEntry("code", "INTERNAL-0001");
    }
}
