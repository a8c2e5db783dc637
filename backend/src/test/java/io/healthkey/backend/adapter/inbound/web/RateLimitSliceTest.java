package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClientConfigurer;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.auth.SignInNonce;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.error.RetryAfter;
import io.healthkey.protocol.EncryptionPublicKey;

/**
 * The rate limits as the application runs them: a call over its class's allowance, per client address or per
 * account, is answered 429 problem+json with LIMIT-0001 and {@code Retry-After} and reaches no use case. A context
 * of its own (small limits); each test calls from client addresses of its own, and the accounts' allowances are
 * used by one test each.
 */
@TestPropertySource(properties = {
        "healthkey.rate-limit.enabled=true",
        "healthkey.rate-limit.sign-in.per-address=3",
        "healthkey.rate-limit.relayed-writes.per-address=100",
        "healthkey.rate-limit.relayed-writes.per-account=2",
        "healthkey.rate-limit.relayed-writes.period=1m",
        "healthkey.rate-limit.reads.per-address=4"})
class RateLimitSliceTest extends WebSliceTest {

    private static final EncryptionPublicKey KEY = PATIENT_WALLET.encryptionKey().publicKey();
    private static final String SIGNATURE = "0x" + "11".repeat(32) + "22".repeat(32) + "1c";
    private static final Map<String, Object> PUBLICATION = Map.of("signature", SIGNATURE, "publication", Map.of(
            "account", PATIENT.toString(), "publicKey", KEY.toHex(), "nonce", "3",
            "deadline", Long.toString(Instant.parse("2026-03-01T13:00:00Z").getEpochSecond())));

    @Test
    void aRelayedWriteOverTheAccountsAllowanceIs429WithRetryAfterAndReachesNoUseCase() {
        when(directory.publish(eq(PATIENT), any())).thenReturn(
                Mono.just(accepted("key-1", RelayKind.KEY_PUBLICATION, PATIENT)));

        publishAsPatientFrom("198.51.100.11").expectStatus().isAccepted();
        publishAsPatientFrom("198.51.100.12").expectStatus().isAccepted();
        WebTestClient.ResponseSpec refused = publishAsPatientFrom("198.51.100.13");

        assertProblem(refused, 429, ErrorCode.LIMIT_RATE_EXCEEDED)
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .contains("relayed-write").doesNotContain("198.51.100").doesNotContain(PATIENT.toString()))
                .jsonPath("$." + RetryAfter.PROPERTY).value(Integer.class, seconds -> assertThat(seconds)
                        .isBetween(1, 60));
        refused.expectHeader().value(HttpHeaders.RETRY_AFTER, seconds -> assertThat(Long.parseLong(seconds))
                .isBetween(1L, Duration.ofMinutes(1).toSeconds()));
        verify(directory, times(2)).publish(eq(PATIENT), any());
    }

    @Test
    void signInOverTheAddresssAllowanceIs429ForThatAddressOnly() {
        when(signIn.issueNonce()).thenReturn(Mono.just(new SignInNonce("a1b2c3d4e5f6", WebSliceBeans.NOW,
                WebSliceBeans.NOW.plusSeconds(300))));
        WebTestClient client = from("203.0.113.21");

        for (int i = 0; i < 3; i++) {
            client.post().uri("/api/v1/auth/nonce").exchange().expectStatus().isOk();
        }
        assertProblem(client.post().uri("/api/v1/auth/nonce").exchange(), 429, ErrorCode.LIMIT_RATE_EXCEEDED);
        assertProblem(client.post().uri(URI.create("http://api.healthkey.test/api/v1/auth/%6Eonce")).exchange(), 429, ErrorCode.LIMIT_RATE_EXCEEDED);

        from("203.0.113.22").post().uri("/api/v1/auth/nonce").exchange().expectStatus().isOk();
        verify(signIn, times(4)).issueNonce();
    }

    @Test
    void callsThatFailAuthenticationAreCountedPerAddressToo() {
        WebTestClient anonymous = from("203.0.113.31");

        for (int i = 0; i < 4; i++) {
            anonymous.get().uri("/api/v1/me").exchange().expectStatus().isUnauthorized();
        }

        assertProblem(anonymous.get().uri("/api/v1/me").exchange(), 429, ErrorCode.LIMIT_RATE_EXCEEDED);
        assertProblem(anonymous.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + DOCTOR_TOKEN)
                .exchange(), 429, ErrorCode.LIMIT_RATE_EXCEEDED);
    }

    @Test
    void anExhaustedSponsorshipIs429WithRetryAfterAndTheSelfSendHint() {
        when(directory.publish(eq(DOCTOR), any())).thenReturn(Mono.error(RetryAfter.failure(
                ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED, "the typed data is still served", Duration.ofHours(3))));

        WebTestClient.ResponseSpec refused = from("198.51.100.41").mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + DOCTOR_TOKEN).build()
                .post().uri("/api/v1/key-publications").bodyValue(PUBLICATION).exchange();

        assertProblem(refused, 429, ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED)
                .jsonPath("$.detail").isEqualTo("the typed data is still served")
                .jsonPath("$." + RetryAfter.PROPERTY).isEqualTo(Duration.ofHours(3).toSeconds());
        refused.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, Long.toString(Duration.ofHours(3).toSeconds()));
    }

    private WebTestClient.ResponseSpec publishAsPatientFrom(String address) {
        return from(address).mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + PATIENT_TOKEN).build()
                .post().uri("/api/v1/key-publications").bodyValue(PUBLICATION).exchange();
    }

    /** The client on a mock server whose requests come from {@code address}, as a real socket's would. */
    private WebTestClient from(String address) {
        WebTestClientConfigurer fromAddress = (builder, handler, connector) -> handler.filters(filters -> filters.add(0,
                (exchange, chain) -> chain.filter(exchange.mutate()
                        .request(request -> request.remoteAddress(new InetSocketAddress(address, 443))).build())));
        return http.mutateWith(fromAddress);
    }
}
