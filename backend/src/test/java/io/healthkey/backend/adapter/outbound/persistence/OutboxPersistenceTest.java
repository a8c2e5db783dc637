package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.protocol.EthAddress;

/** The nonce allocator and the lease on a real database (H2 in memory, migrated as the backend migrates it). */
class OutboxPersistenceTest {

    private static final Instant T0 = Instant.parse("2026-11-26T04:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final EthAddress RELAYER = EthAddress.parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static final EthAddress TARGET = EthAddress.parse("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static final Fees FEES = new Fees(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(1_000_000_000L));

    private final OutboxStore store = OutboxStore.open(OutboxStore.newDatabaseName());
    private int attempts;

    @Test
    void aNonceIsTakenOnceOnlyAndOnlyByTheLeaseHolder() {
        store.transactions().setNextNonce(RELAYER, 5).block();
        assertThat(store.lease().acquire(RELAYER, "a", T0, TTL).block()).isTrue();

        OutboxTransaction five = signed(5);
        assertThat(store.transactions().recordSigned(five, List.of(), "a", T0).block()).isTrue();
        assertThat(store.transactions().nextNonce(RELAYER).block()).isEqualTo(6);

        OutboxTransaction fiveAgain = signed(5);
        assertThat(store.transactions().recordSigned(fiveAgain, List.of(), "a", T0).block()).isFalse();
        assertThat(store.transactions().find(fiveAgain.id()).blockOptional()).isEmpty();

        OutboxTransaction six = signed(6);
        assertThat(store.transactions().recordSigned(six, List.of(), "b", T0).block()).as("b holds no lease").isFalse();
        Instant expired = T0.plus(TTL).plusSeconds(1);
        assertThat(store.transactions().recordSigned(six, List.of(), "a", expired).block()).as("a's lease expired")
                .isFalse();
        assertThat(store.lease().acquire(RELAYER, "b", expired, TTL).block()).isTrue();
        assertThat(store.transactions().recordSigned(six, List.of(), "b", expired).block()).isTrue();
        assertThat(store.transactions().nextNonce(RELAYER).block()).isEqualTo(7);
    }

    @Test
    void theSignedTransactionAndItsRequestsAreStoredTogetherOrNotAtAll() {
        store.transactions().setNextNonce(RELAYER, 0).block();
        store.lease().acquire(RELAYER, "a", T0, TTL).block();
        ChainRequest request = ChainRequest.accepted(UUID.randomUUID().toString(), RelayKind.GRANT, RELAYER, RELAYER,
                "subject", new ChainCall(TARGET, "0xabcd"), SubjectOnlyIntent.INSTANCE, T0);
        store.requests().save(request).block();
        OutboxTransaction zero = signed(0);

        assertThat(store.transactions().recordSigned(signed(1), List.of(request.sent("elsewhere", T0)), "a", T0)
                .block()).as("nonce 1 is not next").isFalse();
        assertThat(store.requests().find(request.id()).block().status()).isEqualTo(ChainRequestStatus.ACCEPTED);

        assertThat(store.transactions().recordSigned(zero, List.of(request.sent(zero.id(), T0)), "a", T0).block())
                .isTrue();
        assertThat(store.requests().find(request.id()).block().outboxTransaction()).contains(zero.id());
        assertThat(store.requests().carriedBy(zero.id()).collectList().block()).hasSize(1);
        assertThat(store.requests().waiting(10).collectList().block()).isEmpty();
    }

    @Test
    void aRoundsTransactionsTakeConsecutiveNoncesAllTogetherOrNone() {
        store.transactions().setNextNonce(RELAYER, 7).block();
        store.lease().acquire(RELAYER, "a", T0, TTL).block();
        ChainRequest request = ChainRequest.accepted(UUID.randomUUID().toString(), RelayKind.GRANT, RELAYER, RELAYER,
                "subject", new ChainCall(TARGET, "0xabcd"), SubjectOnlyIntent.INSTANCE, T0).estimated(BigInteger.valueOf(90_000));
        store.requests().insert(request).block();
        List<OutboxTransaction> round = List.of(signed(7), signed(8), signed(9));

        assertThat(store.transactions().recordSigned(round, List.of(), "b", T0).block()).as("b holds no lease")
                .isFalse();
        assertThat(store.transactions().find(round.get(0).id()).blockOptional()).isEmpty();
        assertThat(store.transactions().recordSigned(round, List.of(request.sent(round.get(1).id(), T0)), "a", T0)
                .block()).isTrue();

        assertThat(store.transactions().nextNonce(RELAYER).block()).isEqualTo(10);
        assertThat(store.transactions().open(RELAYER).collectList().block()).extracting(OutboxTransaction::nonce)
                .containsExactly(7L, 8L, 9L);
        assertThat(store.requests().carriedByAny(List.of(round.get(0).id(), round.get(1).id())).collectList().block())
                .extracting(ChainRequest::id).containsExactly(request.id());
        assertThat(store.requests().find(request.id()).block().gasLimit()).contains(BigInteger.valueOf(90_000));
    }

    @Test
    void theLeaseIsExclusiveUntilItExpiresOrIsGivenUp() {
        assertThat(store.lease().acquire(RELAYER, "a", T0, TTL).block()).isTrue();
        assertThat(store.lease().acquire(RELAYER, "b", T0.plusSeconds(1), TTL).block()).isFalse();
        assertThat(store.lease().acquire(RELAYER, "a", T0.plusSeconds(9), TTL).block()).as("renewed").isTrue();
        assertThat(store.lease().acquire(RELAYER, "b", T0.plusSeconds(12), TTL).block()).isFalse();
        assertThat(store.lease().acquire(RELAYER, "b", T0.plusSeconds(20), TTL).block()).isTrue();
        assertThat(store.lease().acquire(RELAYER, "a", T0.plusSeconds(21), TTL).block()).isFalse();
        store.lease().release(RELAYER, "b").block();
        assertThat(store.lease().acquire(RELAYER, "a", T0.plusSeconds(22), TTL).block()).isTrue();
    }

    @Test
    void everyAttemptComesBackInOrderWithItsRawTransactionAndFees() {
        store.transactions().setNextNonce(RELAYER, 3).block();
        store.lease().acquire(RELAYER, "a", T0, TTL).block();
        OutboxTransaction three = signed(3);
        store.transactions().recordSigned(three, List.of(), "a", T0).block();
        OutboxTransaction replaced = three.replacedBy(attempt(FEES.bumped(), T0.plusSeconds(30)));
        store.transactions().appendAttempt(replaced).block();

        OutboxTransaction stored = store.transactions().find(three.id()).block();

        assertThat(stored.attempts()).isEqualTo(replaced.attempts());
        assertThat(stored.call()).isEqualTo(three.call());
        assertThat(stored.gasLimit()).isEqualTo(three.gasLimit());
        assertThat(store.transactions().open(RELAYER).collectList().block()).extracting(OutboxTransaction::id)
                .containsExactly(three.id());
    }

    private OutboxTransaction signed(long nonce) {
        return OutboxTransaction.signed(UUID.randomUUID().toString(), RELAYER, nonce, new ChainCall(TARGET, "0xabcd"),
                BigInteger.valueOf(120_000), attempt(FEES, T0));
    }

    private TransactionAttempt attempt(Fees fees, Instant at) {
        attempts++;
        return new TransactionAttempt("0x" + String.format("%064x", attempts), "0x02f8" + attempts, fees, false, at);
    }
}
