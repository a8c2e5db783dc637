package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.auth.IssuedSession;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.auth.SignInNonce;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.siwe.SiweMessage;
import io.healthkey.protocol.siwe.SiweTime;

/** POST /auth/nonce and /auth/session, GET /me: Sign-In with Ethereum as the dApp sends it. */
class AuthControllerSliceTest extends WebSliceTest {

    private static final SiweMessage MESSAGE = SiweMessage.builder("localhost:8080", PATIENT, "http://localhost:8080",
            31337, "a1b2c3d4e5f6", SiweTime.of(WebSliceBeans.NOW)).build();
    private static final String SIGNATURE = "0x" + "11".repeat(32) + "22".repeat(32) + "1b";

    @Test
    void aNonceIsIssuedAndNeverCached() {
        when(signIn.issueNonce()).thenReturn(Mono.just(new SignInNonce("a1b2c3d4e5f6", WebSliceBeans.NOW,
                WebSliceBeans.NOW.plusSeconds(300))));

        http.post().uri("/api/v1/auth/nonce").exchange()
                .expectStatus().isOk()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody()
                .jsonPath("$.nonce").isEqualTo("a1b2c3d4e5f6")
                .jsonPath("$.expiresAt").isEqualTo("2026-03-01T12:05:00Z");
    }

    @Test
    void aSignedMessageIsExchangedForABearerToken() {
        Session session = new Session("s-1", PATIENT, WebSliceBeans.NOW, WebSliceBeans.NOW.plusSeconds(3600));
        when(signIn.signIn(any(), any())).thenReturn(Mono.just(new IssuedSession("the-token", session)));

        http.post().uri("/api/v1/auth/session").bodyValue(Map.of("message", MESSAGE.format(), "signature", SIGNATURE))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody()
                .jsonPath("$.token").isEqualTo("the-token")
                .jsonPath("$.tokenType").isEqualTo("Bearer")
                .jsonPath("$.address").isEqualTo(PATIENT.toString())
                .jsonPath("$.expiresAt").isEqualTo("2026-03-01T13:00:00Z");

        ArgumentCaptor<SiweMessage> message = ArgumentCaptor.forClass(SiweMessage.class);
        ArgumentCaptor<AccountSignature> signature = ArgumentCaptor.forClass(AccountSignature.class);
        verify(signIn).signIn(message.capture(), signature.capture());
        assertThat(message.getValue()).isEqualTo(MESSAGE);
        assertThat(signature.getValue().toHex()).isEqualTo(SIGNATURE);
    }

    @Test
    void aMessageThatIsNotEip4361IsAuth0001() {
        assertProblem(http.post().uri("/api/v1/auth/session")
                .bodyValue(Map.of("message", "please let me in", "signature", SIGNATURE)).exchange(), 422,
                ErrorCode.AUTH_MESSAGE_MALFORMED);
        verifyNoInteractions(signIn);
    }

    @Test
    void aMissingMessageOrSignatureIsNamed() {
        Map<String, String> noMessage = new HashMap<>(Map.of("signature", SIGNATURE));
        Map<String, String> noSignature = new HashMap<>(Map.of("message", MESSAGE.format()));

        assertInvalidField(http.post().uri("/api/v1/auth/session").bodyValue(noMessage).exchange(), "message")
                .jsonPath("$.detail").isEqualTo("message is required");
        assertInvalidField(http.post().uri("/api/v1/auth/session").bodyValue(noSignature).exchange(), "signature")
                .jsonPath("$.detail").isEqualTo("signature is required");
        verifyNoInteractions(signIn);
    }

    @Test
    void aReplayedSignInIsAConflict() {
        when(signIn.signIn(any(), any())).thenReturn(
                Mono.error(new DomainException(ErrorCode.AUTH_NONCE_USED, "nonce already used")));

        assertProblem(http.post().uri("/api/v1/auth/session")
                .bodyValue(Map.of("message", MESSAGE.format(), "signature", SIGNATURE)).exchange(), 409,
                ErrorCode.AUTH_NONCE_USED);
    }

    @Test
    void meAnswersTheSessionsAccountAndExpiry() {
        asPatient().get().uri("/api/v1/me").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.address").isEqualTo(PATIENT.toString())
                .jsonPath("$.expiresAt").isEqualTo("2026-03-01T13:00:00Z");
    }
}
