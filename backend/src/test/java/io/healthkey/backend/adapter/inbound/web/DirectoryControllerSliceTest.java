package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.directory.SignedKeyPublication;
import io.healthkey.backend.domain.directory.PublishedKey;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EncryptionPublicKey;

/** POST /key-publications and GET /participants/{account}/encryption-key. */
class DirectoryControllerSliceTest extends WebSliceTest {

    private static final EncryptionPublicKey KEY = PATIENT_WALLET.encryptionKey().publicKey();
    private static final String SIGNATURE = "0x" + "11".repeat(32) + "22".repeat(32) + "1c";
    private static final Instant DEADLINE = Instant.parse("2026-03-01T13:00:00Z");

    @Test
    void aSignedKeyPublicationIsRelayedForTheSessionAccount() {
        when(directory.publish(eq(PATIENT), any())).thenReturn(
                Mono.just(accepted("key-1", RelayKind.KEY_PUBLICATION, PATIENT)));

        asPatient().post().uri("/api/v1/key-publications").bodyValue(publication(Map.of())).exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.kind").isEqualTo("KEY_PUBLICATION")
                .jsonPath("$.statusUrl").isEqualTo("/api/v1/chain-requests/key-1");

        ArgumentCaptor<SignedKeyPublication> published = ArgumentCaptor.forClass(SignedKeyPublication.class);
        verify(directory).publish(eq(PATIENT), published.capture());
        assertThat(published.getValue().publication().account()).isEqualTo(PATIENT);
        assertThat(published.getValue().publication().publicKey()).isEqualTo(KEY);
        assertThat(published.getValue().publication().nonce()).isEqualTo(BigInteger.valueOf(3));
        assertThat(published.getValue().publication().deadline()).isEqualTo(DEADLINE);
    }

    @Test
    void anInvalidPublicationFieldIsNamedByItsPath() {
        assertInvalidField(publish(publication(Map.of("publicKey", "0x02"))), "publication.publicKey");
        assertInvalidField(publish(publication(Map.of("account", "0x00"))), "publication.account");
        assertInvalidField(publish(publication(Map.of("deadline", "soon"))), "publication.deadline");
        assertInvalidField(publish(Map.of("signature", SIGNATURE)), "publication")
                .jsonPath("$.detail").isEqualTo("publication is required");
        verifyNoInteractions(directory);
    }

    @Test
    void aPublishedKeyIsAnsweredWithTheBlockAndTransactionThatPublishedIt() {
        String blockHash = "0x" + "b1".repeat(32);
        String txHash = "0x" + "7e".repeat(32);
        when(directory.keyOf(DOCTOR)).thenReturn(Mono.just(new PublishedKey(KEY,
                Optional.of(new PublishedKey.Publication(42, blockHash, txHash, 3)))));

        asPatient().get().uri("/api/v1/participants/" + DOCTOR + "/encryption-key").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.account").isEqualTo(DOCTOR.toString())
                .jsonPath("$.publicKey").isEqualTo(KEY.toHex())
                .jsonPath("$.publishedAt.blockNumber").isEqualTo(42)
                .jsonPath("$.publishedAt.blockHash").isEqualTo(blockHash)
                .jsonPath("$.publishedAt.transactionHash").isEqualTo(txHash)
                .jsonPath("$.publishedAt.logIndex").isEqualTo(3);
    }

    @Test
    void aKeyWhosePublicationIsNotIndexedYetIsAnsweredWithoutPublishedAt() {
        when(directory.keyOf(DOCTOR)).thenReturn(Mono.just(new PublishedKey(KEY, Optional.empty())));

        asPatient().get().uri("/api/v1/participants/" + DOCTOR + "/encryption-key").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.publicKey").isEqualTo(KEY.toHex())
                .jsonPath("$.publishedAt").doesNotExist();
    }

    @Test
    void anAccountWithoutAPublishedKeyIsAConflict() {
        when(directory.keyOf(DOCTOR)).thenReturn(Mono.empty());

        assertProblem(asPatient().get().uri("/api/v1/participants/" + DOCTOR + "/encryption-key").exchange(), 409,
                ErrorCode.DIRECTORY_NO_ENCRYPTION_KEY);
        assertInvalidField(asPatient().get().uri("/api/v1/participants/doctor/encryption-key").exchange(),
                "account");
    }

    private WebTestClient.ResponseSpec publish(Map<String, ?> body) {
        return asPatient().post().uri("/api/v1/key-publications").bodyValue(body).exchange();
    }

    private static Map<String, Object> publication(Map<String, String> overrides) {
        Map<String, String> publication = new HashMap<>(Map.of("account", PATIENT.toString(),
                "publicKey", KEY.toHex(), "nonce", "3", "deadline", Long.toString(DEADLINE.getEpochSecond())));
        publication.putAll(overrides);
        return Map.of("publication", publication, "signature", SIGNATURE);
    }
}
