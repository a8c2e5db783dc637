package io.healthkey.backend.application.outbox;

import java.time.Instant;
import java.util.Optional;

import io.healthkey.backend.domain.chain.ChainCall;

/**
 * The signed messages the relayer carries, as the chain sees them. One implementation knows every signed call the
 * contracts take (each contract's {@code ...BySig} function): a new signed kind plugs in there, and the outbox judges
 * it as it judges the others ({@link MessageOutcomes}).
 *
 * <p>Guarantees of every implementation: {@link #nonceUse} names {@link NonceUse.ByThisMessage} only for a
 * transaction in which the chain used the message's nonce for a message with the same digest (or, where that
 * transaction's calldata cannot be read, emitted the message's event with all of its fields in the block that used
 * the nonce); it reads the chain only, never this service's memory of what it sent.
 *
 * <p>Blocking: call it from the outbox sender's thread. A node that does not answer is a {@code DomainException}
 * with an UNAVAILABLE code.
 */
public interface SignedMessagePort {

    /** The signed message {@code call} carries; empty for a call that carries none (anchors, read receipt roots). */
    Optional<SignedMessage> messageIn(ChainCall call);

    /** What used {@code message}'s nonce, as the latest block says. */
    NonceUse nonceUse(SignedMessage message);

    /** When {@code block} was made, as its header says. */
    Instant blockTime(long block);

    /** For an outbox that carries no signed message. */
    SignedMessagePort NONE = new SignedMessagePort() {
        @Override
        public Optional<SignedMessage> messageIn(ChainCall call) {
            return Optional.empty();
        }

        @Override
        public NonceUse nonceUse(SignedMessage message) {
            throw new IllegalStateException("no signed message is carried");
        }

        @Override
        public Instant blockTime(long block) {
            throw new IllegalStateException("no signed message is carried");
        }
    };
}
