package io.healthkey.backend.application.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.NonceCancellationIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.fakes.FakeConsentRegistry;
import io.healthkey.backend.support.fakes.InMemoryChainRequests;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;

class ConsentNoncesTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final EthAddress PATIENT = Patients.newAddress();
    private static final EthAddress GRANTEE = Patients.newAddress();

    private final FakeConsentRegistry registry = new FakeConsentRegistry();
    private final InMemoryChainRequests requests = new InMemoryChainRequests();
    private final ConsentNonces nonces = new ConsentNonces(registry, requests);

    ConsentNoncesTest() {
        registry.setNextNonce(PATIENT, 4);
    }

    @Test
    void withNothingPendingTheChainsNonceIsNextAndTheChainJudges() {
        assertThat(nonces.next(PATIENT).block()).isEqualTo(4);
        assertThat(nonces.place(PATIENT, BigInteger.valueOf(4)).block())
                .isEqualTo(ConsentNonces.Placement.ON_CHAIN_NOW);
    }

    @Test
    void anIntentSignedOnePastThePendingOnesIsQueuedBehindThem() {
        pending(RelayKind.GRANT, 4);
        pending(RelayKind.REVOCATION, 5);
        requests.insert(request(RelayKind.ANCHOR, SubjectOnlyIntent.INSTANCE)).block();

        assertThat(nonces.next(PATIENT).block()).isEqualTo(6);
        assertThat(nonces.place(PATIENT, BigInteger.valueOf(6)).block())
                .isEqualTo(ConsentNonces.Placement.QUEUED);
    }

    @Test
    void aNonceHeldByAPendingIntentOrSkippingOneIsAConflictNamingTheNonceToSign() {
        ChainRequest first = pending(RelayKind.GRANT, 4);

        assertThatThrownBy(() -> nonces.place(PATIENT, BigInteger.valueOf(4)).block())
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("CONSENT-0003");
                    assertThat(e.getMessage()).contains(first.id()).contains("with nonce 5");
                });
        assertThatThrownBy(() -> nonces.place(PATIENT, BigInteger.valueOf(7)).block())
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage())
                        .contains("skips a nonce").contains("next is 5"));
    }

    @Test
    void aPendingCancellationTakesEveryNonceUpToItsNewNonce() {
        pending(RelayKind.GRANT, 4);
        ChainRequest cancellation = request(RelayKind.NONCE_CANCELLATION,
                new NonceCancellationIntent(BigInteger.valueOf(5), BigInteger.valueOf(9)));
        requests.insert(cancellation).block();

        assertThat(nonces.next(PATIENT).block()).isEqualTo(9);
        assertThat(nonces.place(PATIENT, BigInteger.valueOf(9)).block()).isEqualTo(ConsentNonces.Placement.QUEUED);
        for (long voided : new long[] {5, 6, 8}) {
            assertThatThrownBy(() -> nonces.place(PATIENT, BigInteger.valueOf(voided)).block())
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo("CONSENT-0003");
                        assertThat(e.getMessage()).contains(cancellation.id()).contains("with nonce 9");
                    });
        }
        assertThatThrownBy(() -> nonces.place(PATIENT, BigInteger.TEN).block())
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage())
                        .contains("skips a nonce").contains("next is 9"));
    }

    @Test
    void theNextNonceNeverFallsBelowTheChains() {
        pending(RelayKind.GRANT, 2);
        registry.setNextNonce(PATIENT, 9);

        assertThat(nonces.next(PATIENT).block()).isEqualTo(9);
    }

    @Test
    void intentsAcceptedBeforeTheirNonceWasStoredAreNotCounted() {
        requests.insert(request(RelayKind.REVOCATION, new RevocationIntent(GRANTEE, Scope.all(), Action.READ,
                Optional.empty()))).block();

        assertThat(nonces.next(PATIENT).block()).isEqualTo(4);
        assertThat(nonces.place(PATIENT, BigInteger.valueOf(4)).block())
                .isEqualTo(ConsentNonces.Placement.ON_CHAIN_NOW);
    }

    private ChainRequest pending(RelayKind kind, long nonce) {
        Optional<BigInteger> signedWith = Optional.of(BigInteger.valueOf(nonce));
        ChainRequest request = request(kind, kind == RelayKind.GRANT
                ? new GrantIntent(GRANTEE, Scope.all(), Action.READ, Purpose.TREAT, T0.plusSeconds(3600), signedWith,
                        List.of())
                : new RevocationIntent(GRANTEE, Scope.all(), Action.READ, signedWith));
        requests.insert(request).block();
        return request;
    }

    private static ChainRequest request(RelayKind kind, Intent intent) {
        return ChainRequest.accepted(UUID.randomUUID().toString(), kind, PATIENT, PATIENT, "subject",
                new ChainCall(Patients.newAddress(), "0x01"), intent, T0);
    }
}
