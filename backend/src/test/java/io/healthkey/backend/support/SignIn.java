package io.healthkey.backend.support;

import java.time.Instant;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.healthkey.protocol.siwe.SiweMessage;
import io.healthkey.protocol.siwe.SiweSignatures;
import io.healthkey.protocol.siwe.SiweTime;

/** Signs a wallet in through the API (EIP-4361) as application-local.yml's dApp, and hands back its client. */
public final class SignIn {

    /** What application-local.yml configures as the dApp's domain and origin. */
    public static final String DOMAIN = "localhost:8080";
    public static final String ORIGIN = "http://localhost:8080";

    private SignIn() {
    }

    public static String token(WebTestClient http, Wallet wallet, long chainId) {
        String nonce = (String) http.post().uri("/api/v1/auth/nonce").exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("nonce");
        SiweMessage message = SiweMessage.builder(DOMAIN, wallet.address(), ORIGIN, chainId, nonce,
                SiweTime.of(Instant.now())).statement("Sign in to HealthKey").build();
        String signature = SiweSignatures.sign(message, wallet.keyPair()).toString();
        Map<?, ?> session = http.post().uri("/api/v1/auth/session").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("message", message.format(), "signature", signature))
                .exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) session.get("token");
    }

    /** A client that sends the wallet's session token with every request. */
    public static WebTestClient as(WebTestClient http, Wallet wallet, long chainId) {
        String token = token(http, wallet, chainId);
        return http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }
}
