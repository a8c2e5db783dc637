package io.healthkey.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
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
        SiweMessage message = message(http, wallet.address(), chainId);
        return session(http, message, SiweSignatures.sign(message, wallet.keyPair()).toString()).get("token");
    }

    /**
     * A client signed in as {@code account}, whatever signs for it (a contract account: ERC-1271, or ERC-6492 before
     * it is deployed): {@code sign} answers the account's signature of the message's EIP-191 digest.
     */
    public static WebTestClient as(WebTestClient http, EthAddress account, Function<Bytes32, String> sign,
            long chainId) {
        SiweMessage message = message(http, account, chainId);
        Map<String, String> session = session(http, message, sign.apply(SiweSignatures.digest(message)));
        assertThat(session.get("address")).isEqualTo(account.toString());
        return http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + session.get("token")).build();
    }

    private static SiweMessage message(WebTestClient http, EthAddress account, long chainId) {
        String nonce = (String) http.post().uri("/api/v1/auth/nonce").exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("nonce");
        return SiweMessage.builder(DOMAIN, account, ORIGIN, chainId, nonce, SiweTime.of(Instant.now()))
                .statement("Sign in to HealthKey").build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> session(WebTestClient http, SiweMessage message, String signature) {
        return http.post().uri("/api/v1/auth/session").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("message", message.format(), "signature", signature))
                .exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    /** A client that sends the wallet's session token with every request. */
    public static WebTestClient as(WebTestClient http, Wallet wallet, long chainId) {
        String token = token(http, wallet, chainId);
        return http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }
}
