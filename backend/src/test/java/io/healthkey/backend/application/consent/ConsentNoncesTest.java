package io.healthkey.backend.application.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.GrantIntent;
import io.healthkey.backend.domain.chain.Intent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.RevocationIntent;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.support.Patients;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;

class ConsentNoncesTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final EthAddress PATIENT = Patients.newAddress();
    private static final EthAddress GRANTEE = Patients.newAddress();

    private BigInteger chainNonce = BigInteger.valueOf(4);
    private final List<ChainRequest> unsettled = new ArrayList<>();
    private final ConsentNonces nonces = new ConsentNonces(fake(ConsentRegistryPort.class, "nextNonce",
            () -> Mono.just(chainNonce)), fake(ChainRequestPort.class, "unsettled", () -> Flux.fromIterable(unsettled)));

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
        unsettled.add(request(RelayKind.ANCHOR, SubjectOnlyIntent.INSTANCE));

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
    void theNextNonceNeverFallsBelowTheChains() {
        pending(RelayKind.GRANT, 2);
        chainNonce = BigInteger.valueOf(9);

        assertThat(nonces.next(PATIENT).block()).isEqualTo(9);
    }

    private ChainRequest pending(RelayKind kind, long nonce) {
        Optional<BigInteger> signedWith = Optional.of(BigInteger.valueOf(nonce));
        ChainRequest request = request(kind, kind == RelayKind.GRANT
                ? new GrantIntent(GRANTEE, Scope.all(), Action.READ, Purpose.TREAT, T0.plusSeconds(3600), signedWith,
                        List.of())
                : new RevocationIntent(GRANTEE, Scope.all(), Action.READ, signedWith));
        unsettled.add(request);
        return request;
    }

    private static ChainRequest request(RelayKind kind, Intent intent) {
        return ChainRequest.accepted(UUID.randomUUID().toString(), kind, PATIENT, PATIENT, "subject",
                new ChainCall(Patients.newAddress(), "0x01"), intent, T0);
    }

    /** A port whose only working method is {@code method}, answering what {@code answer} gives. */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> port, String method, java.util.function.Supplier<Object> answer) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, called, args) -> {
            if (called.getName().equals(method)) {
                return answer.get();
            }
            throw new UnsupportedOperationException(called.getName());
        });
    }
}
