package io.healthkey.backend.adapter.inbound.web;

import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Lets browser dApps served from the configured origins call the API. No origin is allowed unless configured; no
 * cookies are used (the session is a bearer token), so credentials stay off. The record headers a dApp needs to read
 * (the wrapped key, CID and media type) are exposed.
 */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration {

    /** First of all filters: a preflight carries no token, and must be answered before authentication. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    CorsWebFilter corsWebFilter(WebProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!properties.allowedOrigins().isEmpty()) {
            org.springframework.web.cors.CorsConfiguration api = new org.springframework.web.cors.CorsConfiguration();
            api.setAllowedOrigins(properties.allowedOrigins());
            api.setAllowedMethods(List.of("GET", "POST", "PUT"));
            api.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
            api.setExposedHeaders(List.of(BinaryBodies.RECORD_ID, BinaryBodies.CID, BinaryBodies.MEDIA_TYPE, BinaryBodies.WRAPPED_KEY,
                    HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.LINK));
            api.setMaxAge(Duration.ofHours(1));
            source.registerCorsConfiguration("/api/**", api);
        }
        return new CorsWebFilter(source);
    }
}
