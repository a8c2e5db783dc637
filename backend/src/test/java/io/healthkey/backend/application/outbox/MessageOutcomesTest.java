package io.healthkey.backend.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

/**
 * The outcome of a signed message whose relayer transaction did not carry it: decided by what used its nonce and
 * when, with three confirmations (block 10 the head, 8 the newest final block).
 */
class MessageOutcomesTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x00000000000000000000000000000000000000a1");
    private static final ChainCall GRANT = new ChainCall(EthAddress.parse("0x00000000000000000000000000000000000000c1"),
            "0x01");
    private static final OutboxPolicy THREE_DEEP = new OutboxPolicy(4, 3, Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofMillis(200), 20);

    private final FakeSignedMessages chain = new FakeSignedMessages();
    private final MessageOutcomes outcomes = new MessageOutcomes(chain, () -> 10, THREE_DEEP);
    private final SignedMessage message = chain.carry(GRANT, PATIENT, 4, FakeSignedMessages.timeOf(100));

    @Test
    void aCallThatCarriesNoSignedMessageIsLeftToTheRelayersOwnTransaction() {
        ChainCall anchor = new ChainCall(GRANT.target(), "0x02");

        assertThat(outcomes.judge(anchor)).isEqualTo(new MessageOutcomes.NotSigned());
    }

    @Test
    void landedInTheTransactionThatUsedTheNonceForThisVeryMessageOnceItsBlockIsFinal() {
        MinedTransaction competitor = new MinedTransaction("0x" + "ab".repeat(32), 8, 51_000);
        chain.used(message, new NonceUse.ByThisMessage(competitor));

        assertThat(outcomes.judge(GRANT)).isEqualTo(new MessageOutcomes.Landed(competitor));
    }

    @Test
    void undecidedWhileTheBlockThatHoldsTheMessageIsNotFinal() {
        chain.used(message, new NonceUse.ByThisMessage(new MinedTransaction("0x" + "ab".repeat(32), 9, 51_000)));

        assertThat(outcomes.judge(GRANT)).isInstanceOf(MessageOutcomes.Undecided.class);
    }

    @Test
    void neverLandsOnceAnotherMessageUsedTheNonceInAFinalBlock() {
        chain.used(message, new NonceUse.ByAnother(8, "another message"));

        assertThat(outcomes.judge(GRANT)).isInstanceOfSatisfying(MessageOutcomes.NeverLands.class,
                never -> assertThat(never.code()).isEqualTo(ErrorCode.OUTBOX_NONCE_USED_BY_ANOTHER_MESSAGE));
    }

    @Test
    void undecidedWhileTheBlockWhereAnotherMessageUsedTheNonceIsNotFinal() {
        chain.used(message, new NonceUse.ByAnother(9, "another message"));

        assertThat(outcomes.judge(GRANT)).isInstanceOf(MessageOutcomes.Undecided.class);
    }

    @Test
    void neverLandsOnceItsDeadlinePassedUnusedAtAFinalBlock() {
        chain.carry(GRANT, PATIENT, 4, FakeSignedMessages.timeOf(8).minusSeconds(1));

        assertThat(outcomes.judge(GRANT)).isInstanceOfSatisfying(MessageOutcomes.NeverLands.class,
                never -> assertThat(never.code()).isEqualTo(ErrorCode.OUTBOX_DEADLINE_PASSED_UNMINED));
    }

    @Test
    void undecidedWhileUnusedAndItsDeadlineHasNotPassedAtAFinalBlockEvenIfItHasAtTheHead() {
        chain.carry(GRANT, PATIENT, 4, FakeSignedMessages.timeOf(8));

        assertThat(outcomes.judge(GRANT)).isInstanceOf(MessageOutcomes.Undecided.class);
    }
}
