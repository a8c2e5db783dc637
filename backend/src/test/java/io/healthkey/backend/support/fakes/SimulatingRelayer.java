package io.healthkey.backend.support.fakes;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.application.outbox.RelayerAccountPort;
import io.healthkey.backend.domain.chain.Broadcast;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.Receipt;
import io.healthkey.backend.domain.chain.Simulation;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCategory;
import io.healthkey.protocol.EthAddress;

/**
 * The relayer's account as the outbox's accepting side sees it: it simulates calls, each needing {@link #GAS} unless
 * a test queued a revert or an outage with {@link #nextSimulation}. Signing, broadcasting and receipts are the
 * sender's, which has its own tests against a real node: here they throw.
 */
public final class SimulatingRelayer implements RelayerAccountPort {

    public static final BigInteger GAS = BigInteger.valueOf(120_000);
    public static final EthAddress ADDRESS = EthAddress.parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");

    private final Deque<DomainException> failures = new ArrayDeque<>();
    /** Every call simulated, in order. */
    public final List<ChainCall> simulated = new ArrayList<>();

    /** The next simulation fails with {@code failure}: a decoded revert, or the node's outage. */
    public void nextSimulation(DomainException failure) {
        failures.add(failure);
    }

    @Override
    public EthAddress relayer() {
        return ADDRESS;
    }

    @Override
    public List<Simulation> prepare(List<ChainCall> calls) {
        List<Simulation> answers = new ArrayList<>();
        for (ChainCall call : calls) {
            simulated.add(call);
            DomainException failure = failures.poll();
            if (failure != null && failure.errorCode().category() == ErrorCategory.UNAVAILABLE) {
                throw failure;
            }
            answers.add(failure == null ? Simulation.succeeds(GAS) : Simulation.reverts(failure));
        }
        return answers;
    }

    @Override
    public Optional<DomainException> simulate(ChainCall call) {
        return prepare(List.of(call)).get(0).revert();
    }

    @Override
    public Fees currentFees() {
        throw senderOnly();
    }

    @Override
    public TransactionAttempt sign(ChainCall call, long nonce, BigInteger gasLimit, Fees fees, Instant now) {
        throw senderOnly();
    }

    @Override
    public TransactionAttempt signCancel(long nonce, Fees fees, Instant now) {
        throw senderOnly();
    }

    @Override
    public Broadcast broadcast(TransactionAttempt attempt) {
        throw senderOnly();
    }

    @Override
    public List<Broadcast> broadcastAll(List<TransactionAttempt> attempts) {
        throw senderOnly();
    }

    @Override
    public Optional<Receipt> receipt(String hash) {
        throw senderOnly();
    }

    @Override
    public Map<String, Receipt> receipts(Collection<String> hashes) {
        throw senderOnly();
    }

    @Override
    public boolean isKnown(String hash) {
        throw senderOnly();
    }

    @Override
    public long latestBlock() {
        throw senderOnly();
    }

    @Override
    public long minedNonce() {
        throw senderOnly();
    }

    @Override
    public long pendingNonce() {
        throw senderOnly();
    }

    @Override
    public DomainException revertIn(ChainCall call, long block) {
        throw senderOnly();
    }

    private static UnsupportedOperationException senderOnly() {
        return new UnsupportedOperationException("the outbox sender's, not faked here");
    }
}
