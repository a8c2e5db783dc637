package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The web app at /app/ (WebAppRoutes, the healthkey-web jar on the class path): open without a session, only to GET,
 * with a same-origin Content-Security-Policy and revalidated on every load; the API's rules unchanged around it.
 */
class WebAppSliceTest extends WebSliceTest {

    /** The slice's policy: this origin and the configured public chain RPC's origin (not its path), nothing else. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self' https://rpc.chain.example:8443; img-src 'self' blob: data:; frame-src blob:; "
            + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Test
    void theAppIsServedAtAppSlashWithoutASessionUnderAStrictContentSecurityPolicy() {
        var page = http.get().uri("/app/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Content-Security-Policy", POLICY)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<script type=\"module\" src=\"app.js\"></script>");
        assertThat(POLICY).doesNotContain("unsafe-inline", "unsafe-eval", "*");
    }

    @Test
    void withoutAPublicChainRpcTheAppConnectsToItsOwnOriginAlone() {
        assertThat(WebAppRoutes.contentSecurityPolicy(new WebProperties(List.of(), null).publicChainRpcOrigin()))
                .contains("; connect-src 'self'; ");
        assertThat(WebAppRoutes.contentSecurityPolicy(new WebProperties(List.of(),
                URI.create("http://127.0.0.1:8545")).publicChainRpcOrigin()))
                .contains("; connect-src 'self' http://127.0.0.1:8545; ");
    }

    @Test
    void aPublicChainRpcUrlThatIsNotAPlainHttpUrlIsRefusedAtStartup() {
        for (String url : List.of("http://user:secret@rpc.example", "wss://rpc.example", "javascript:alert(1)",
                "/relative")) {
            assertThatThrownBy(() -> new WebProperties(List.of(), URI.create(url)), url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(url);
        }
    }

    @Test
    void theBundleIsServedWithTheSameHeaders() {
        http.get().uri("/app/app.js").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "javascript"))
                .expectHeader().valueEquals("Content-Security-Policy", POLICY)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    @Test
    void appWithoutTheSlashRedirectsToIt() {
        http.get().uri("/app").exchange()
                .expectStatus().isPermanentRedirect()
                .expectHeader().location("/app/");
    }

    @Test
    void aFileTheAppDoesNotHaveIsNotFoundAndOtherPathsStayClosed() {
        http.get().uri("/app/missing.js").exchange().expectStatus().isNotFound();
        http.post().uri("/app/").exchange().expectStatus().value(status -> assertThat(status).isIn(401, 403, 405));
        http.get().uri("/application.yml").exchange().expectStatus().isUnauthorized();
    }
}
