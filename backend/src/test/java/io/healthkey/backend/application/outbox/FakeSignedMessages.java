package io.healthkey.backend.application.outbox;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.protocol.EthAddress;

/**
 * The chain's nonces as a test sets them: the calls that carry a signed message ({@link #carry}), what used each
 * message's nonce ({@link #used}; unused until then), and block {@code n} made {@code n} minutes after {@link #T0}.
 */
final class FakeSignedMessages implements SignedMessagePort {

    static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    private final Map<ChainCall, SignedMessage> messages = new ConcurrentHashMap<>();
    private final Map<String, NonceUse> uses = new ConcurrentHashMap<>();

    /** {@code call} carries a message of {@code signer} with {@code nonce}, valid until {@code deadline}. */
    SignedMessage carry(ChainCall call, EthAddress signer, long nonce, Instant deadline) {
        SignedMessage message = new SignedMessage(call, signer, BigInteger.valueOf(nonce), deadline,
                "0x" + Integer.toHexString(call.hashCode()));
        messages.put(call, message);
        return message;
    }

    void used(SignedMessage message, NonceUse use) {
        uses.put(message.digest(), use);
    }

    static Instant timeOf(long block) {
        return T0.plusSeconds(60 * block);
    }

    @Override
    public Optional<SignedMessage> messageIn(ChainCall call) {
        return Optional.ofNullable(messages.get(call));
    }

    @Override
    public NonceUse nonceUse(SignedMessage message) {
        return uses.getOrDefault(message.digest(), new NonceUse.Unused());
    }

    @Override
    public Instant blockTime(long block) {
        return timeOf(block);
    }
}
