package io.healthkey.backend.application.outbox;

import java.util.Objects;

import io.healthkey.backend.domain.chain.MinedTransaction;

/** What the chain says used a {@link SignedMessage}'s nonce. */
public sealed interface NonceUse {

    /** Nothing yet: the signer's nonce has not reached the message's. */
    record Unused() implements NonceUse {
    }

    /** The message itself, in {@code transaction}: whoever sent it, it took effect there. */
    record ByThisMessage(MinedTransaction transaction) implements NonceUse {

        public ByThisMessage {
            Objects.requireNonNull(transaction, "transaction");
        }
    }

    /**
     * Something else, in {@code block}: another message signed with the same nonce, or the signer invalidating it.
     * This message can never land.
     */
    record ByAnother(long block, String by) implements NonceUse {

        public ByAnother {
            Objects.requireNonNull(by, "by");
        }
    }
}
