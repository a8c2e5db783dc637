package io.healthkey.backend.domain.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.healthkey.protocol.EthAddress;

class OutboxTransactionTest {

    private static final Instant T0 = Instant.parse("2026-11-26T03:00:00Z");
    private static final EthAddress RELAYER = EthAddress.parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    private static final Fees FEES = new Fees(BigInteger.valueOf(2_000), BigInteger.valueOf(1_000));

    private static TransactionAttempt attempt(int n, Fees fees, boolean cancel, Instant at) {
        return new TransactionAttempt("0x" + String.format("%064x", n), "0x02f8" + n, fees, cancel, at);
    }

    private static OutboxTransaction signed() {
        return OutboxTransaction.signed("tx-1", RELAYER, 7, new ChainCall(RELAYER, "0xabcd"), BigInteger.TEN,
                attempt(1, FEES, false, T0));
    }

    @Test
    void isStuckOnlyAfterTheWaitSinceItsLatestAttempt() {
        OutboxTransaction tx = signed();

        assertThat(tx.isStuck(T0.plusSeconds(10), Duration.ofSeconds(10))).isFalse();
        assertThat(tx.isStuck(T0.plusSeconds(11), Duration.ofSeconds(10))).isTrue();
        OutboxTransaction replaced = tx.replacedBy(attempt(2, FEES.bumped(), false, T0.plusSeconds(11)));
        assertThat(replaced.isStuck(T0.plusSeconds(12), Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void aReplacementMustPayTenPercentMore() {
        OutboxTransaction tx = signed();

        assertThatThrownBy(() -> tx.replacedBy(attempt(2, FEES, false, T0)))
                .isInstanceOf(IllegalArgumentException.class);
        OutboxTransaction replaced = tx.replacedBy(attempt(2, FEES.bumped(), false, T0.plusSeconds(1)));
        assertThat(replaced.attempts()).hasSize(2);
        assertThat(replaced.latest().fees()).isEqualTo(FEES.bumped());
        assertThat(replaced.nonce()).isEqualTo(7);
    }

    @Test
    void aCancelIsOnlyReplacedByAnotherCancel() {
        OutboxTransaction cancelled = signed().replacedBy(attempt(2, FEES.bumped(), true, T0));

        assertThat(cancelled.isCancelled()).isTrue();
        assertThatThrownBy(() -> cancelled.replacedBy(attempt(3, FEES.bumped().bumped(), false, T0)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void minedMustBeOneOfItsAttemptsAndKnowsWhetherItWasTheCancel() {
        OutboxTransaction cancelled = signed().replacedBy(attempt(2, FEES.bumped(), true, T0));
        MinedTransaction foreign = new MinedTransaction("0x" + "ee".repeat(32), 5, 21_000);
        MinedTransaction cancel = new MinedTransaction(attempt(2, FEES, true, T0).hash(), 5, 21_000);
        MinedTransaction call = new MinedTransaction(attempt(1, FEES, false, T0).hash(), 5, 40_000);

        assertThatThrownBy(() -> cancelled.minedAs(foreign, true, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(cancelled.minedAs(cancel, true, T0).minedCancel()).isTrue();
        assertThat(cancelled.minedAs(call, true, T0).minedCancel()).isFalse();
    }

    @Test
    void movesThroughMinedToConfirmedAndBackToPendingOnAReorganisation() {
        MinedTransaction block = new MinedTransaction(attempt(1, FEES, false, T0).hash(), 5, 40_000);
        OutboxTransaction mined = signed().minedAs(block, true, T0.plusSeconds(1));

        assertThat(mined.status()).isEqualTo(OutboxTransactionStatus.MINED);
        assertThat(mined.unmined(T0).status()).isEqualTo(OutboxTransactionStatus.PENDING);
        OutboxTransaction confirmed = mined.confirmed(T0.plusSeconds(2));
        assertThat(confirmed.status()).isEqualTo(OutboxTransactionStatus.CONFIRMED);
        assertThatThrownBy(() -> confirmed.unmined(T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> confirmed.replacedBy(attempt(2, FEES.bumped(), false, T0)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> signed().confirmed(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyAPendingTransactionIsAbandoned() {
        assertThat(signed().abandoned(T0).status()).isEqualTo(OutboxTransactionStatus.ABANDONED);
        assertThatThrownBy(() -> signed().abandoned(T0).abandoned(T0)).isInstanceOf(IllegalStateException.class);
    }
}
