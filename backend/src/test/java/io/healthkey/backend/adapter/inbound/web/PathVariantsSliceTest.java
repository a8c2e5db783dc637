package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.auth.SignInNonce;
import io.healthkey.backend.support.Outcomes;
import io.healthkey.backend.support.PathVariants;

/**
 * Every route, and the scrape endpoint, under every other spelling of its path ({@link PathVariants}): a spelling
 * the router reads as the route demands exactly the credential the route demands, one two parsers could read
 * differently is refused with 400 {@code REQUEST-0008} (without echoing it), and any other path is closed. Nothing
 * is answered 2xx without a credential where the route needs one, and no use case runs for a caller without one.
 */
class PathVariantsSliceTest extends WebSliceTest {

    private static final String BASE = "http://api.healthkey.test";

    static Stream<String> routes() {
        return Stream.of(ApiRoutes.PUBLIC.stream(), ApiRoutes.PROTECTED.stream(), Stream.of("GET /actuator/prometheus"))
                .flatMap(s -> s).sorted();
    }

    @BeforeEach
    void nonces() {
        when(signIn.issueNonce()).thenReturn(Mono.just(new SignInNonce("n0nce1234", WebSliceBeans.NOW,
                WebSliceBeans.NOW.plusSeconds(300))));
    }

    @ParameterizedTest
    @MethodSource("routes")
    void everySpellingOfTheRouteIsRefusedOrNeedsTheSameCredential(String route) {
        String path = concrete(ApiRoutes.path(route));
        HttpMethod method = HttpMethod.valueOf(ApiRoutes.method(route));
        WebTestClient credential = route.contains("/actuator/") ? as(SCRAPE_TOKEN) : asPatient();
        String anonymous = Outcomes.of(call(http, method, path));
        boolean open = ApiRoutes.PUBLIC.contains(route);
        if (open) {
            assertThat(anonymous).as("the route itself, open").doesNotStartWith("401").doesNotStartWith("403");
        } else {
            assertThat(anonymous).as("the route itself").isEqualTo("401 AUTH-0010");
        }

        List<String> mismatches = new ArrayList<>();
        for (PathVariants.Variant variant : PathVariants.of(path)) {
            EntityExchangeResult<byte[]> answer = call(http, method, variant.path());
            String actual = Outcomes.of(answer);
            String expected = switch (variant.expect()) {
                case SAME_ROUTE -> anonymous;
                case REJECTED -> "400 REQUEST-0008";
                case CLOSED -> "401 AUTH-0010";
            };
            if (!actual.equals(expected)) {
                mismatches.add(variant + " without a credential: expected " + expected + ", got " + actual);
            }
            String body = new String(Outcomes.bytes(answer), StandardCharsets.UTF_8);
            if (variant.expect() == PathVariants.Expect.REJECTED && body.contains(variant.path())) {
                mismatches.add(variant + ": the answer echoes the path");
            }
        }
        if (!open) {
            assertNoUseCaseCalled();
        }

        String signedIn = Outcomes.of(call(credential, method, path));
        for (PathVariants.Variant variant : PathVariants.of(path)) {
            String actual = Outcomes.of(call(credential, method, variant.path()));
            boolean asExpected = switch (variant.expect()) {
                case SAME_ROUTE -> actual.equals(signedIn);
                case REJECTED -> actual.equals("400 REQUEST-0008");
                // Closed; or, outside the credential's own chain (/ACTUATOR/...), not a credential at all.
                case CLOSED -> actual.equals("403 AUTH-0013") || actual.equals("401 AUTH-0011");
            };
            if (!asExpected) {
                mismatches.add(variant + " with a credential: got " + actual + ", the route itself " + signedIn);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static EntityExchangeResult<byte[]> call(WebTestClient client, HttpMethod method, String rawPath) {
        // A URI, not a template: the template would encode the '%' of the variant once more.
        return client.method(method).uri(URI.create(BASE + rawPath)).exchange().expectBody(byte[].class)
                .returnResult();
    }

    /** The path with a well-formed value in each variable. */
    private static String concrete(String pattern) {
        return pattern.replace("{patient}", PATIENT.toString())
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
