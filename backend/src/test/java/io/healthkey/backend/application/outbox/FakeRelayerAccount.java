package io.healthkey.backend.application.outbox;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.healthkey.backend.domain.chain.Broadcast;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.Receipt;
import io.healthkey.backend.domain.chain.Simulation;
import io.healthkey.backend.domain.chain.TransactionAttempt;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.protocol.EthAddress;

/**
 * A node that accepts every transaction into its pool and mines only what a test puts in {@link #mined}: the relayer
 * has nothing mined or pending before the test. Every simulation succeeds unless {@link #reverts} is set. Each call (but {@link #relayer()}) is added to the shared event list, and the name of the thread
 * it ran on to {@link #threads}.
 */
final class FakeRelayerAccount implements RelayerAccountPort {

    static final EthAddress RELAYER = EthAddress.parse("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    static final Fees FEES = new Fees(BigInteger.valueOf(2_000_000_000L), BigInteger.ONE);

    final Set<String> threads = ConcurrentHashMap.newKeySet();
    /** Receipts by transaction hash: what the test had mined. */
    final Map<String, Receipt> mined = new ConcurrentHashMap<>();
    /** The chain's head. */
    volatile long head = 1;
    /** When present, every simulation reverts with it, and so does every mined transaction that reverted. */
    volatile Optional<DomainException> reverts = Optional.empty();
    private final List<String> events;

    FakeRelayerAccount(List<String> events) {
        this.events = events;
    }

    private void called(String call) {
        events.add(call);
        threads.add(Thread.currentThread().getName());
    }

    static String hashOf(long nonce) {
        return "0x" + HexFormat.of().toHexDigits(nonce).repeat(4);
    }

    @Override
    public EthAddress relayer() {
        return RELAYER;
    }

    @Override
    public Optional<DomainException> simulate(ChainCall call) {
        called("simulate");
        return Optional.empty();
    }

    @Override
    public List<Simulation> prepare(List<ChainCall> calls) {
        called("prepare " + calls.size());
        return calls.stream().map(call -> reverts.map(Simulation::reverts)
                .orElseGet(() -> Simulation.succeeds(BigInteger.valueOf(100_000)))).toList();
    }

    @Override
    public Fees currentFees() {
        called("fees");
        return FEES;
    }

    @Override
    public TransactionAttempt sign(ChainCall call, long nonce, BigInteger gasLimit, Fees fees, Instant now) {
        called("sign " + nonce);
        return new TransactionAttempt(hashOf(nonce), "0x02", fees, false, now);
    }

    @Override
    public TransactionAttempt signCancel(long nonce, Fees fees, Instant now) {
        called("sign cancel " + nonce);
        return new TransactionAttempt(hashOf(nonce + 1_000), "0x02", fees, true, now);
    }

    @Override
    public Broadcast broadcast(TransactionAttempt attempt) {
        called("broadcast " + attempt.hash());
        return Broadcast.accepted();
    }

    @Override
    public List<Broadcast> broadcastAll(List<TransactionAttempt> attempts) {
        called("broadcast " + attempts.size());
        return attempts.stream().map(attempt -> Broadcast.accepted()).toList();
    }

    @Override
    public Optional<Receipt> receipt(String hash) {
        called("receipt");
        return Optional.empty();
    }

    @Override
    public Map<String, Receipt> receipts(Collection<String> hashes) {
        called("receipts " + hashes.size());
        Map<String, Receipt> found = new java.util.HashMap<>();
        hashes.stream().filter(mined::containsKey).forEach(hash -> found.put(hash, mined.get(hash)));
        return found;
    }

    @Override
    public boolean isKnown(String hash) {
        called("is known");
        return true;
    }

    @Override
    public long latestBlock() {
        called("latest block");
        return head;
    }

    @Override
    public long minedNonce() {
        called("mined nonce");
        return 0;
    }

    @Override
    public long pendingNonce() {
        called("pending nonce");
        return 0;
    }

    @Override
    public DomainException revertIn(ChainCall call, long block) {
        return reverts.orElseThrow(() -> new UnsupportedOperationException("nothing reverts here"));
    }
}
