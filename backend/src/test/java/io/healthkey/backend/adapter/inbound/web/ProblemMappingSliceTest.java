package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.InvalidValueException;

/**
 * Every failure a use case reports reaches the client through the real {@link ProblemDetailsExceptionHandler} as
 * RFC 9457 problem+json with its stable code, and is counted by that code; an unexpected failure reveals nothing.
 */
class ProblemMappingSliceTest extends WebSliceTest {

    private static final String NONCE = "/api/v1/patients/" + PATIENT + "/nonce";

    @Autowired
    MeterRegistry meters;

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyErrorCodeIsAProblemWithItsStatusTypeTitleDetailAndCode(ErrorCode code) {
        when(consents.nextNonce(PATIENT)).thenReturn(Mono.error(new DomainException(code, "why it failed")));

        assertProblem(asPatient().get().uri(NONCE).exchange(), statusOf(code), code)
                .jsonPath("$.detail").isEqualTo("why it failed")
                .jsonPath("$.instance").isEqualTo(NONCE);
    }

    @Test
    void aDeniedRequestIs403AndAnUnauthenticatedOneCarriesTheChallenge() {
        when(consents.nextNonce(PATIENT)).thenReturn(
                Mono.error(new DomainException(ErrorCode.AUTH_TOKEN_EXPIRED, "expired")),
                Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT, "not yours")));

        asPatient().get().uri(NONCE).exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer realm=\"healthkey\", error=\"invalid_token\"");
        asPatient().get().uri(NONCE).exchange().expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
    }

    @Test
    void aFailureWithStructuredDetailsCarriesThemBesideTheCode() {
        when(consents.nextNonce(PATIENT)).thenReturn(Mono.error(DomainException.withProperties(ErrorCode.FHIR_INVALID,
                "1 error", Map.of("operationOutcome", Map.of("resourceType", "OperationOutcome")))));

        assertProblem(asPatient().get().uri(NONCE).exchange(), 422, ErrorCode.FHIR_INVALID)
                .jsonPath("$.operationOutcome.resourceType").isEqualTo("OperationOutcome");
    }

    @Test
    void aProtocolFailureIs422WithTheProtocolCodeAndWithoutTheProtocolsMessageWhichQuotesValues() {
        when(consents.nextNonce(PATIENT)).thenReturn(Mono.error(new InvalidValueException("serial 0xsecret4711 out of range")));

        asPatient().get().uri(NONCE).exchange()
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.code").isEqualTo(new InvalidValueException("x").code())
                .jsonPath("$.type").isEqualTo("urn:healthkey:problem:" + new InvalidValueException("x").code())
                .jsonPath("$.detail").isEqualTo("A value of the request is out of range or not allowed here");
    }

    @Test
    void anUnexpectedFailureIs500AndRevealsNothingOfIt() {
        when(consents.nextNonce(PATIENT)).thenReturn(
                Mono.error(new IllegalStateException("SELECT private_key FROM relayer WHERE id = 1")));

        asPatient().get().uri(NONCE).exchange()
                .expectStatus().isEqualTo(500)
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("\"code\":\"INTERNAL-0001\"")
                        .doesNotContain("SELECT", "private_key", "IllegalStateException", "at io.healthkey"));
    }

    @Test
    void eachProblemIsCountedByItsCodeAndStatus() {
        when(consents.nextNonce(PATIENT)).thenReturn(
                Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "down")));
        double before = count("CHAIN-0001", "503");

        asPatient().get().uri(NONCE).exchange().expectStatus().isEqualTo(503);
        asPatient().get().uri(NONCE).exchange().expectStatus().isEqualTo(503);

        assertThat(count("CHAIN-0001", "503") - before).isEqualTo(2.0);
    }

    @Test
    void aBodyThatIsNotJsonIs400WithoutQuotingIt() {
        assertProblem(asPatient().post().uri("/api/v1/grants").header(HttpHeaders.CONTENT_TYPE, "application/json")
                .bodyValue("{\"grant\": {\"patient\": \"0xsecret-looking\"").exchange(), 400, ErrorCode.REQUEST_MALFORMED)
                .jsonPath("$.detail").isEqualTo("Request body is not valid JSON for this endpoint");
    }

    @Test
    void aJsonBodyOverTheCodecLimitIs413() {
        String padding = "a".repeat(70 * 1024);
        WebTestClient.ResponseSpec response = asPatient().post().uri("/api/v1/grants")
                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                .bodyValue("{\"signature\":\"" + padding + "\"}").exchange();

        assertProblem(response, 413, ErrorCode.REQUEST_TOO_LARGE);
    }

    @Test
    void anUnsupportedBodyMediaTypeIs415() {
        assertProblem(asPatient().post().uri("/api/v1/grants").header(HttpHeaders.CONTENT_TYPE, "text/plain")
                .bodyValue("grant").exchange(), 415, ErrorCode.REQUEST_UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void anUndeclaredMethodIs405WithTheAllowedMethodsAsRfc9110Requires() {
        WebTestClient.ResponseSpec response = asPatient().method(HttpMethod.TRACE).uri("/api/v1/grants").exchange();

        response.expectHeader().valueEquals(HttpHeaders.ALLOW, "POST");
        assertProblem(response, 405, ErrorCode.REQUEST_UNSUPPORTED);
    }

    @Test
    void anInvalidNumberOrNameIsNamedWithoutEchoingIt() {
        String detail = asPatient().get().uri(uri -> uri.path("/api/v1/typed-data/grant")
                        .queryParam("grantee", DOCTOR.toString()).queryParam("scope", "0x" + "00".repeat(32))
                        .queryParam("action", "READ").queryParam("purpose", "TREAT")
                        .queryParam("expiresAt", "secret-4711").build())
                .exchange().expectStatus().isEqualTo(422)
                .expectBody(ProblemBody.class).returnResult().getResponseBody().detail();

        assertThat(detail).isEqualTo("expiresAt has an invalid format").doesNotContain("secret-4711");
    }

    @Test
    void anInvalidHexFieldIsNamedWithoutEchoingIt() {
        String detail = asPatient().get().uri("/api/v1/patients/0xsecret4711/nonce").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody(ProblemBody.class).returnResult().getResponseBody().detail();

        assertThat(detail).startsWith("patient ").doesNotContain("secret4711");
    }

    record ProblemBody(String detail) {
    }

    private double count(String code, String status) {
        var counter = meters.find(ProblemDetailsExceptionHandler.FAILURES).tags("code", code, "status", status)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** The HTTP status of each category, written out here rather than taken from {@link ProblemDetails}. */
    private static int statusOf(ErrorCode code) {
        return switch (code.category()) {
            case INVALID -> 422;
            case CONFLICT -> 409;
            case DENIED -> 403;
            case NOT_FOUND -> 404;
            case UNAVAILABLE -> 503;
            case UPSTREAM -> 502;
            case UNAUTHENTICATED -> 401;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case MALFORMED -> 400;
            case RATE_LIMITED -> 429;
        };
    }
}
