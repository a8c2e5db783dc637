package io.healthkey.backend.application.outbox;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.domain.chain.Broadcast;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.Receipt;
import io.healthkey.backend.domain.chain.Simulation;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.protocol.EthAddress;

/**
 * The relayer's account on chain, for the outbox sender: it signs with the relayer's key, broadcasts raw
 * transactions and reads receipts. Nonces are the caller's: this port never picks one.
 *
 * <p>Blocking: call it from the sender's own thread, never from an event loop. A node that does not answer is a
 * {@code DomainException} with an UNAVAILABLE code (except {@link #broadcast}, which answers UNAVAILABLE).
 */
public interface RelayerAccountPort {

    EthAddress relayer();

    /** Runs {@code call} from the relayer at the pending block; the decoded custom error if it would revert. */
    Optional<DomainException> simulate(ChainCall call);

    /**
     * Simulates every call at the pending block in one round trip ({@code eth_estimateGas}): the gas each needs,
     * with a safety margin, or the decoded error it would revert with. Answers in the order of {@code calls}.
     */
    List<Simulation> prepare(List<ChainCall> calls);

    /** Fees that get a transaction into the next blocks now. */
    Fees currentFees();

    /** Signs {@code call} as an EIP-1559 transaction with {@code nonce}; sends nothing. */
    TransactionAttempt sign(ChainCall call, long nonce, BigInteger gasLimit, Fees fees, Instant now);

    /** Signs a zero-value transfer from the relayer to itself with {@code nonce}: it frees the nonce. */
    TransactionAttempt signCancel(long nonce, Fees fees, Instant now);

    /** {@code eth_sendRawTransaction}, its answer classified whatever the node's wording. */
    Broadcast broadcast(TransactionAttempt attempt);

    /**
     * {@link #broadcast} of each attempt, strictly in the given order (nonce order: a node that mines on arrival
     * refuses a nonce above the next one). Answers in the same order.
     */
    List<Broadcast> broadcastAll(List<TransactionAttempt> attempts);

    /** The receipt of {@code hash} if a block holds it. */
    Optional<Receipt> receipt(String hash);

    /** The receipts of those of {@code hashes} a block holds, in one round trip. */
    Map<String, Receipt> receipts(Collection<String> hashes);

    /** Whether the node knows {@code hash}, pending or mined. */
    boolean isKnown(String hash);

    long latestBlock();

    /** How many of the relayer's transactions are mined: every nonce below is used. */
    long minedNonce();

    /** The mined count plus the relayer's transactions pending in the node's pool. */
    long pendingNonce();

    /** Why {@code call} reverted in {@code block}: replays it on the state before and decodes the error. */
    DomainException revertIn(ChainCall call, long block);
}
