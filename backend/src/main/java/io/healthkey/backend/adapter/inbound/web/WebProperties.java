package io.healthkey.backend.adapter.inbound.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web API's browser-facing settings.
 *
 * @param allowedOrigins the origins (scheme://host[:port]) of the dApps that may call the API from a browser (CORS);
 *     none by default
 * @param publicChainRpcUrl a JSON-RPC URL of the chain that browsers may read it through (published in
 *     {@code GET /network}, and its origin allowed in the web app's {@code connect-src}): how a user without a wallet
 *     reads the chain from a node other than this service; none by default. http or https, no user info, since
 *     every browser sees it.
 */
@ConfigurationProperties("healthkey.web")
public record WebProperties(@DefaultValue List<String> allowedOrigins, URI publicChainRpcUrl) {

    public WebProperties {
        if (publicChainRpcUrl != null && (publicChainRpcUrl.getHost() == null
                || publicChainRpcUrl.getRawUserInfo() != null
                || !List.of("http", "https").contains(String.valueOf(publicChainRpcUrl.getScheme())))) {
            throw new IllegalArgumentException("healthkey.web.public-chain-rpc-url must be an http(s) URL with a host "
                    + "and no user info: every browser is shown it");
        }
    }

    /** The public chain RPC's origin (scheme://host[:port]), as a Content-Security-Policy source. */
    Optional<String> publicChainRpcOrigin() {
        return Optional.ofNullable(publicChainRpcUrl).map(url -> url.getScheme() + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort()));
    }
}
