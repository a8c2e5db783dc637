package io.healthkey.backend.adapter.inbound.web;

import java.net.URI;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the web app (the {@code healthkey-web} module's bundle, {@code static/app/} on the class path) at
 * {@code /app/}: {@code /app} redirects there, {@code /app/} is its {@code index.html}, {@code /app/**} its files.
 * The API is unchanged; the app calls it from the same origin, so no CORS origin is needed for it.
 *
 * <p>Every answer carries a Content-Security-Policy that allows only this origin's scripts, styles and API (no
 * inline script, no eval, no third-party origin: a record decrypted in the page cannot be sent anywhere else by a
 * script the app did not ship), {@code blob:} for the decrypted images and PDFs it shows, and no framing. The one
 * other origin it may connect to is the public chain RPC's when one is configured ({@link WebProperties}): the app
 * reads the chain there when the user has no wallet; it sends that node only {@code eth_call}s of public data. Files are
 * revalidated on every load ({@code no-cache}): their names are stable, and an app that encrypts must never run
 * stale code next to a new API.
 */
@Configuration(proxyBeanMethods = false)
class WebAppRoutes {

    static final String BASE = "/app/";
    static final String CONTENT_SECURITY_POLICY_HEADER = "Content-Security-Policy";

    /** The policy of every answer under /app/: {@code connect-src} is this origin and {@code chainRpcOrigin}, if any. */
    static String contentSecurityPolicy(Optional<String> chainRpcOrigin) {
        return "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "connect-src 'self'" + chainRpcOrigin.map(origin -> " " + origin).orElse("") + "; "
                + "img-src 'self' blob: data:; frame-src blob:; object-src 'none'; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static final Resource FILES = new ClassPathResource("static/app/");
    private static final Resource INDEX = new ClassPathResource("static/app/index.html");

    @Bean
    RouterFunction<ServerResponse> webApp(WebProperties properties) {
        String policy = contentSecurityPolicy(properties.publicChainRpcOrigin());
        // On the exchange's response, before the handler: a built ServerResponse's headers are read-only.
        HandlerFilterFunction<ServerResponse, ServerResponse> headers = (request, next) -> {
            HttpHeaders response = request.exchange().getResponse().getHeaders();
            response.set(CONTENT_SECURITY_POLICY_HEADER, policy);
            response.setCacheControl(CacheControl.noCache());
            return next.handle(request);
        };
        return RouterFunctions.route()
                .GET("/app", request -> ServerResponse.permanentRedirect(URI.create(BASE)).build())
                .GET(BASE, request -> INDEX.exists()
                        ? ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(INDEX)
                        : ServerResponse.notFound().build())
                .add(RouterFunctions.resources("/app/**", FILES))
                .filter(headers)
                .build();
    }
}
