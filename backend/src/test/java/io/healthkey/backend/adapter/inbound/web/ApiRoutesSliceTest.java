package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.auth.SignInNonce;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * The route table as the running web layer enforces it: every route the application maps is classified, a protected
 * route without a valid session is answered 401 before any controller or use case runs, and the public routes, CORS
 * preflights and the metrics guard work without one.
 */
class ApiRoutesSliceTest extends WebSliceTest {

    @Autowired
    RequestMappingHandlerMapping handlerMapping;

    static Stream<String> protectedRoutes() {
        return ApiRoutes.PROTECTED.stream().sorted();
    }

    @Test
    void everyRouteTheRunningApplicationMapsIsClassified() {
        Set<String> mapped = new HashSet<>();
        handlerMapping.getHandlerMethods().keySet().forEach(info -> info.getMethodsCondition().getMethods()
                .forEach(method -> info.getPatternsCondition().getPatterns().stream()
                        .map(PathPattern::getPatternString)
                        .filter(pattern -> pattern.startsWith("/api/"))   // not springdoc's /v3/api-docs: public
                        .forEach(pattern -> mapped.add(method.name() + " " + pattern))));
        Set<String> classified = new HashSet<>(ApiRoutes.PUBLIC);
        classified.addAll(ApiRoutes.PROTECTED);

        assertThat(mapped).containsExactlyInAnyOrderElementsOf(classified);
    }

    @Test
    void noPathIsPublicForOneMethodAndProtectedForAnother() {
        Set<String> publicPaths = new HashSet<>();
        ApiRoutes.PUBLIC.forEach(route -> publicPaths.add(ApiRoutes.path(route)));

        assertThat(ApiRoutes.PROTECTED).noneMatch(route -> publicPaths.contains(ApiRoutes.path(route)));
    }

    @Test
    void anUndeclaredMethodOnAPublicRouteIsA405WithAllowWithOrWithoutAToken() {
        for (WebTestClient client : List.of(http, asPatient())) {
            WebTestClient.ResponseSpec response = client.method(HttpMethod.TRACE).uri("/api/v1/network").exchange();
            response.expectHeader().valueEquals(HttpHeaders.ALLOW, "GET");
            assertProblem(response, 405, ErrorCode.REQUEST_UNSUPPORTED);
        }
    }

    @ParameterizedTest
    @MethodSource("protectedRoutes")
    void aProtectedRouteWithoutATokenIs401BeforeAnyUseCaseRuns(String route) {
        assertProblem(request(http, route).exchange(), 401, ErrorCode.AUTH_TOKEN_MISSING)
                .jsonPath("$.instance").isEqualTo(path(route));
        assertNoUseCaseCalled();
    }

    @ParameterizedTest
    @MethodSource("protectedRoutes")
    void aProtectedRouteWithAnUnknownTokenIs401InvalidToken(String route) {
        var response = request(as("forged-token"), route).exchange();

        response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer realm=\"healthkey\", error=\"invalid_token\"");
        assertProblem(response, 401, ErrorCode.AUTH_TOKEN_INVALID);
        assertNoUseCaseCalled();
    }

    @Test
    void aMissingTokenIsChallengedWithoutAnErrorAttribute() {
        http.get().uri("/api/v1/me").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"healthkey\"");
    }

    @Test
    void anExpiredTokenOrAnotherSchemeIs401WithItsOwnCode() {
        assertProblem(as(EXPIRED_TOKEN).get().uri("/api/v1/me").exchange(), 401, ErrorCode.AUTH_TOKEN_EXPIRED);
        assertProblem(http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Basic " + PATIENT_TOKEN)
                .exchange(), 401, ErrorCode.AUTH_TOKEN_INVALID);
    }

    @Test
    void theSessionOfTheTokenReachesTheController() {
        asPatient().get().uri("/api/v1/me").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.address").isEqualTo(PATIENT.toString());
        as(DOCTOR_TOKEN).get().uri("/api/v1/me").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.address").isEqualTo(DOCTOR.toString());
    }

    @Test
    void publicRoutesAnswerWithoutAToken() {
        when(signIn.issueNonce()).thenReturn(Mono.just(new SignInNonce("n0nce1234", WebSliceBeans.NOW,
                WebSliceBeans.NOW.plusSeconds(300))));

        http.get().uri("/api/v1/network").exchange().expectStatus().isOk();
        http.post().uri("/api/v1/auth/nonce").exchange().expectStatus().isOk();
        assertProblem(http.post().uri("/api/v1/auth/session").exchange(), 400, ErrorCode.REQUEST_MALFORMED);
    }

    @Test
    void aPathNoRuleOpensIsClosedToEveryone() {
        assertProblem(http.get().uri("/api/v1/no-such-route").exchange(), 401, ErrorCode.AUTH_TOKEN_MISSING);
        assertProblem(asPatient().get().uri("/api/v1/no-such-route").exchange(), 403, ErrorCode.AUTH_ROUTE_CLOSED);
        assertProblem(http.get().uri("/no-such-page").exchange(), 401, ErrorCode.AUTH_TOKEN_MISSING);
        assertProblem(asPatient().get().uri("/actuator/env").exchange(), 401, ErrorCode.AUTH_TOKEN_INVALID);
        assertProblem(as(SCRAPE_TOKEN).get().uri("/actuator/env").exchange(), 403, ErrorCode.AUTH_ROUTE_CLOSED);
        // A public route with another method reaches no use case either: the router answers 405.
        assertProblem(http.get().uri("/api/v1/auth/nonce").exchange(), 405, ErrorCode.REQUEST_UNSUPPORTED);
        assertNoUseCaseCalled();
    }

    @Test
    void aPublicRouteIgnoresAnyTokenSent() {
        http.get().uri("/api/v1/network").header(HttpHeaders.AUTHORIZATION, "Bearer forged-token").exchange()
                .expectStatus().isOk();
        as(EXPIRED_TOKEN).get().uri("/api/v1/network").exchange().expectStatus().isOk();
    }

    @Test
    void theSessionIsTheSecurityContextsPrincipalNamedByItsAddress() {
        var authentication = new SessionAuthentication(new io.healthkey.backend.domain.auth.Session("s", PATIENT,
                WebSliceBeans.NOW, WebSliceBeans.NOW.plusSeconds(60)));

        assertThat(authentication.getName()).isEqualTo(PATIENT.toString());
        assertThat(authentication.getCredentials()).isNull();
    }

    @Test
    void aRequestTheFirewallRefusesIsA400ProblemThatEchoesNothing() {
        http.get().uri(java.net.URI.create("http://api.healthkey.test/api/v1/./me")).exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo(ErrorCode.REQUEST_REJECTED.code())
                .jsonPath("$.instance").doesNotExist();
        assertProblem(http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer bell\u0007bell")
                .exchange(), 400, ErrorCode.REQUEST_REJECTED)
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail).doesNotContain("bell"));
    }

    @Test
    void aWrongMethodOnAMappedRouteIsA405ThatSaysWhichAreAllowedWhateverTheMethod() {
        assertProblem(asPatient().delete().uri("/api/v1/me").exchange(), 405, ErrorCode.REQUEST_UNSUPPORTED);
        for (String method : List.of("TRACE", "QUERY", "PROPFIND")) {
            WebTestClient.ResponseSpec response = asPatient().method(HttpMethod.valueOf(method)).uri("/api/v1/me")
                    .exchange();
            response.expectHeader().valueEquals(HttpHeaders.ALLOW, "GET");
            assertProblem(response, 405, ErrorCode.REQUEST_UNSUPPORTED);
        }
    }

    @Test
    void aPreflightFromTheConfiguredDappIsAnsweredWithoutAToken() {
        http.options().uri("/api/v1/records/" + RECORD.toHex() + "/content")
                .header(HttpHeaders.ORIGIN, DAPP_ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, DAPP_ORIGIN)
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
    }

    @Test
    void aPreflightFromAnotherOriginIsRefused() {
        http.options().uri("/api/v1/me")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void aCrossOriginAnswerExposesTheRecordHeadersAndTheChallenge() {
        http.get().uri("/api/v1/me").header(HttpHeaders.ORIGIN, DAPP_ORIGIN).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, DAPP_ORIGIN)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, exposed -> assertThat(exposed)
                        .contains(BinaryBodies.WRAPPED_KEY, BinaryBodies.CID, HttpHeaders.WWW_AUTHENTICATE));
    }

    @Test
    void theMetricsEndpointNeedsTheScrapeTokenNotASession() {
        assertProblem(http.get().uri("/actuator/prometheus").exchange(), 401, ErrorCode.AUTH_TOKEN_MISSING);
        assertProblem(asPatient().get().uri("/actuator/prometheus").exchange(), 401, ErrorCode.AUTH_TOKEN_INVALID);
        // Past the guard, the slice has no actuator: the scraper's request is routed, and found missing.
        assertProblem(as(SCRAPE_TOKEN).get().uri("/actuator/prometheus").exchange(), 404,
                ErrorCode.REQUEST_ROUTE_NOT_FOUND);
    }

    private static WebTestClient.RequestHeadersSpec<?> request(WebTestClient client, String route) {
        return client.method(HttpMethod.valueOf(route.substring(0, route.indexOf(' ')))).uri(path(route));
    }

    /** The route's path with a well-formed value in each variable. */
    private static String path(String route) {
        return route.substring(route.indexOf(' ') + 1)
                .replace("{patient}", PATIENT.toString())
                .replace("{account}", PATIENT.toString())
                .replace("{grantee}", DOCTOR.toString())
                .replace("{requester}", DOCTOR.toString())
                .replace("{recordId}", RECORD.toHex())
                .replace("{readId}", "1")
                .replace("{partNumber}", "0")
                .replace("{requestId}", "00000000-0000-4000-8000-000000000001")
                .replace("{webhookId}", "wh_" + "0".repeat(32))
                .replace("{id}", "request-1");
    }
}
