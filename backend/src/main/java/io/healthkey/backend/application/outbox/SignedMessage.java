package io.healthkey.backend.application.outbox;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.protocol.EthAddress;

/**
 * A message a signer signed (EIP-712) and the relayer carries in {@code call}: a grant, a revocation, a key
 * publication, or any other whose contract takes the signer's next nonce. The contract accepts it at most once, and
 * anyone holding it may send it: its fate is the chain's to tell ({@link SignedMessagePort#nonceUse}), not the
 * relayer transaction's.
 *
 * @param call the relayer's call that carries it
 * @param digest identifies the message among those the signer may sign with the same nonce: equal digests, the same
 *     signed fields; 0x hex
 */
public record SignedMessage(ChainCall call, EthAddress signer, BigInteger nonce, Instant deadline, String digest) {

    public SignedMessage {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(digest, "digest");
    }

    /** The contract that takes it, and keeps the signer's nonces. */
    public EthAddress contract() {
        return call.target();
    }
}
