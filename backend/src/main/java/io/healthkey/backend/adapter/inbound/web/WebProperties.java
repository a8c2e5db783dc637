package io.healthkey.backend.adapter.inbound.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web API's browser-facing settings.
 *
 * @param allowedOrigins the origins (scheme://host[:port]) of the dApps that may call the API from a browser (CORS);
 *     none by default
 */
@ConfigurationProperties("healthkey.web")
public record WebProperties(@DefaultValue List<String> allowedOrigins) {
}
