package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The web app at /app/ (WebAppRoutes, the healthkey-web jar on the class path): open without a session, only to GET,
 * with a same-origin Content-Security-Policy and revalidated on every load; the API's rules unchanged around it.
 */
class WebAppSliceTest extends WebSliceTest {

    @Test
    void theAppIsServedAtAppSlashWithoutASessionUnderAStrictContentSecurityPolicy() {
        var page = http.get().uri("/app/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Content-Security-Policy", WebAppRoutes.CONTENT_SECURITY_POLICY)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("<script type=\"module\" src=\"app.js\"></script>");
        assertThat(WebAppRoutes.CONTENT_SECURITY_POLICY).contains("script-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "*");
    }

    @Test
    void theBundleIsServedWithTheSameHeaders() {
        http.get().uri("/app/app.js").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(new MediaType("text", "javascript"))
                .expectHeader().valueEquals("Content-Security-Policy", WebAppRoutes.CONTENT_SECURITY_POLICY)
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
