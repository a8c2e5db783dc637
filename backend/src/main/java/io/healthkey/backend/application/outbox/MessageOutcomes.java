package io.healthkey.backend.application.outbox;

import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * The outcome of a request that carries a signed message, once the relayer's own transaction did not carry it (it
 * reverted, or would): what the chain says about the message, not whether our transaction mined. Anyone watching the
 * pool may send the same message first; the request then ends as the message did.
 *
 * <p>The rule, with "final" meaning at least {@link OutboxPolicy#confirmations()} blocks deep:
 * <ul>
 * <li>its nonce used by this very message (same digest), in a final block: it landed there, whoever sent it;</li>
 * <li>its nonce used by anything else (another message with that nonce, an invalidation), in a final block: it can
 *     never land;</li>
 * <li>its nonce unused and its deadline passed at a final block: it can never land (block times only go up);</li>
 * <li>anything else is undecided: the message may still land, so nothing it stored may be undone yet.</li>
 * </ul>
 * One rule for every signed kind: which calls carry a message is {@link SignedMessagePort}'s to say.
 */
final class MessageOutcomes {

    /** What to do with a request whose message did not land in the relayer's own transaction. */
    sealed interface Verdict {
    }

    /** The call carries no signed message: the relayer's own transaction decides, as for anchors. */
    record NotSigned() implements Verdict {
    }

    /** The message is final on chain in {@code transaction}: the request is CONFIRMED with it. */
    record Landed(MinedTransaction transaction) implements Verdict {
    }

    /** The message can provably never land: the request FAILS with {@code code}. */
    record NeverLands(ErrorCode code, String detail) implements Verdict {
    }

    /** The message may still land, or its landing is not final yet: the request waits. */
    record Undecided(String why) implements Verdict {
    }

    private final SignedMessagePort messages;
    private final LongSupplier latestBlock;
    private final OutboxPolicy policy;

    /** With {@code latestBlock} the chain's head (blocking, as {@link RelayerAccountPort#latestBlock()}). */
    MessageOutcomes(SignedMessagePort messages, LongSupplier latestBlock, OutboxPolicy policy) {
        this.messages = Objects.requireNonNull(messages, "messages");
        this.latestBlock = latestBlock;
        this.policy = policy;
    }

    /** The verdict on the message {@code call} carries, as the chain stands now. Blocking. */
    Verdict judge(ChainCall call) {
        Optional<SignedMessage> carried = messages.messageIn(call);
        if (carried.isEmpty()) {
            return new NotSigned();
        }
        SignedMessage message = carried.get();
        // The head first: whatever the nonce read finds is at or above it, so a block judged final here is final.
        long finalBlock = latestBlock.getAsLong() - policy.confirmations() + 1;
        NonceUse use = messages.nonceUse(message);
        if (use instanceof NonceUse.ByThisMessage landed) {
            return landed.transaction().blockNumber() <= finalBlock ? new Landed(landed.transaction())
                    : new Undecided("it is in block " + landed.transaction().blockNumber() + ", not final yet");
        }
        if (use instanceof NonceUse.ByAnother other) {
            return other.block() <= finalBlock
                    ? new NeverLands(ErrorCode.OUTBOX_NONCE_USED_BY_ANOTHER_MESSAGE, "nonce " + message.nonce()
                            + " of " + message.signer() + " was used by " + other.by() + " in block " + other.block())
                    : new Undecided("its nonce was used by another message in block " + other.block()
                            + ", not final yet");
        }
        if (finalBlock >= 0 && messages.blockTime(finalBlock).isAfter(message.deadline())) {
            return new NeverLands(ErrorCode.OUTBOX_DEADLINE_PASSED_UNMINED, "its deadline "
                    + message.deadline().getEpochSecond() + " passed unmined at final block " + finalBlock);
        }
        return new Undecided("its nonce is unused and its deadline " + message.deadline().getEpochSecond()
                + " has not passed at a final block");
    }
}
