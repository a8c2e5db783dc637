package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import io.healthkey.backend.adapter.outbound.persistence.OutboxStore;
import io.healthkey.backend.application.outbox.OutboxMetricsPort;
import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.application.outbox.CrashPointPort;
import io.healthkey.backend.application.outbox.OutboxPolicy;
import io.healthkey.backend.application.outbox.OutboxSender;
import io.healthkey.backend.application.outbox.SignedMessagePort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.support.Anvil;
import io.healthkey.backend.support.LocalStack;
import io.healthkey.backend.support.Patients;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The outbox sender against a real node (anvil of its own: mining is paused and the pool emptied here) and a real
 * database (H2, migrated by Flyway). Calls are zero-value calls to fresh accounts: every one that reaches the chain
 * shows as one relayer nonce, so a request sent twice would show as a nonce too many.
 */
class OutboxSenderIT {

    private static final long CHAIN_ID = 31337;
    private static final Duration TICK_PAUSE = Duration.ofMillis(50);
    private static final int MAX_TICKS = 400;

    private static Anvil anvil;
    private static Web3j web3j;
    /** Where the senders call the node, as the application's outbox-sender scheduler. */
    /** Each sender has its own thread, as each replica has: two senders ticking at once really run at once. */
    private static final List<Scheduler> senderThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RelayerAccountAdapter account;
    private OutboxStore store;
    private String databaseName;

    @BeforeAll
    static void startNode() {
        anvil = Anvil.start();
        web3j = Web3j.build(new HttpService(anvil.rpcUrl().toString()));
    }

    @AfterAll
    static void stopNode() {
        senderThreads.forEach(Scheduler::dispose);
        web3j.shutdown();
        anvil.close();
    }

    @BeforeEach
    void freshDatabase() {
        anvil.automine(true);
        Credentials relayer = Credentials.create(LocalStack.RELAYER_KEY);
        account = new RelayerAccountAdapter(web3j, relayer, CHAIN_ID, new TransactionRelay(web3j, relayer.getAddress(),
                new RevertDecoder(ContractErrorCatalog.fromClasspath())));
        databaseName = OutboxStore.newDatabaseName();
        store = OutboxStore.open(databaseName);
    }

    @AfterEach
    void resumeMining() {
        anvil.automine(true);
        anvil.mine();
    }

    @Test
    void keepsSeveralTransactionsInFlightWithConsecutiveNoncesAndNoGap() {
        long start = account.minedNonce();
        anvil.automine(false);
        List<String> ids = accept(20);
        OutboxSender sender = sender(store, policy(8, Duration.ofSeconds(30), Duration.ofSeconds(10)));

        sender.tick().block();

        assertThat(account.pendingNonce()).as("eight in the node's pool at once").isEqualTo(start + 8);
        assertThat(nonces(ids, ChainRequestStatus.SENT)).containsExactlyElementsOf(range(start, 8));
        anvil.automine(true);
        anvil.mine();
        tickUntil(() -> allConfirmed(ids), sender);

        assertThat(nonces(ids, ChainRequestStatus.CONFIRMED)).containsExactlyElementsOf(range(start, 20));
        assertThat(account.minedNonce()).isEqualTo(start + 20);
    }

    @Test
    void replacesAStuckTransactionWithHigherFeesUnderTheSameNonce() throws Exception {
        long start = account.minedNonce();
        anvil.automine(false);
        String id = accept(1).get(0);
        OutboxSender sender = sender(store, policy(4, Duration.ofMillis(500), Duration.ofSeconds(10)));
        sender.tick().block();
        OutboxTransaction first = transactionOf(id);

        Thread.sleep(700);
        sender.tick().block();

        OutboxTransaction replaced = transactionOf(id);
        assertThat(replaced.nonce()).isEqualTo(first.nonce());
        assertThat(replaced.attempts()).hasSize(2);
        Fees paid = first.latest().fees();
        assertThat(paid.maxPriorityFeePerGas()).as("fees large enough for the percentage to show")
                .isGreaterThan(BigInteger.valueOf(1_000));
        assertThat(replaced.latest().fees()).as("both fees raised by 12.5 percent, rounded up")
                .isEqualTo(new Fees(twelveAndAHalfPercentAbove(paid.maxFeePerGas()),
                        twelveAndAHalfPercentAbove(paid.maxPriorityFeePerGas())));
        anvil.mine();
        tickUntil(() -> allConfirmed(List.of(id)), sender);

        ChainRequest confirmed = store.requests().find(id).block();
        assertThat(confirmed.transaction().orElseThrow().transactionHash()).isEqualTo(replaced.latest().hash());
        assertThat(account.receipt(first.latest().hash())).isEmpty();
        assertThat(account.minedNonce()).isEqualTo(start + 1);
    }

    @Test
    void aSenderTakingOverAfterACrashReBroadcastsTheSameSignedTransactionsExactlyOnce() throws Exception {
        long start = account.minedNonce();
        anvil.automine(false);
        List<String> ids = accept(3);
        // Long enough for the crashed sender's round, the node losing its pool and the successor's first round on
        // a loaded machine: the successor must find the lease still held.
        Duration leaseTtl = Duration.ofSeconds(5);
        OutboxSender crashed = sender(store, policy(8, Duration.ofSeconds(30), leaseTtl));
        // opened before the crash: opening checks the migrations, which must not use up the crashed sender's lease
        OutboxSender successor = sender(OutboxStore.open(databaseName), policy(8, Duration.ofSeconds(30), leaseTtl));
        crashed.tick().block();
        List<String> signedHashes = ids.stream().map(id -> transactionOf(id).latest().hash()).toList();
        anvil.dropPendingTransactions();
        assertThat(account.pendingNonce()).as("the node lost its pool").isEqualTo(start);

        successor.tick().block();
        assertThat(successor.isHolding()).as("the crashed sender's lease has not expired yet").isFalse();
        Thread.sleep(leaseTtl.toMillis() + 200);
        successor.tick().block();
        assertThat(successor.isHolding()).isTrue();
        assertThat(account.pendingNonce()).as("re-broadcast").isEqualTo(start + 3);
        anvil.automine(true);
        anvil.mine();
        tickUntil(() -> allConfirmed(ids), successor);

        assertThat(ids.stream().map(id -> store.requests().find(id).block().transaction().orElseThrow()
                .transactionHash()).toList()).containsExactlyElementsOf(signedHashes);
        assertThat(ids.stream().map(id -> transactionOf(id).attempts().size()).toList()).containsOnly(1);
        assertThat(account.minedNonce()).as("each request on chain once").isEqualTo(start + 3);
    }

    @Test
    void twoSendersOnOneDatabaseNeverSendAtOnceAndTheOtherTakesOverWhenOneDies() throws Exception {
        long start = account.minedNonce();
        Duration leaseTtl = Duration.ofSeconds(1);
        OutboxSender first = sender(store, policy(4, Duration.ofSeconds(30), leaseTtl));
        OutboxSender second = sender(OutboxStore.open(databaseName), policy(4, Duration.ofSeconds(30), leaseTtl));
        List<String> ids = new ArrayList<>();
        int idleRounds = 3;

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < MAX_TICKS && (round <= idleRounds || !allConfirmed(ids)); round++) {
                if (round == idleRounds) {
                    // only now work to send: before, nothing but the lease can decide who holds it (the nonce a
                    // sender takes under the lease is checked again, and would hide a second holder)
                    ids.addAll(accept(10));
                }
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> firstTick = threads.submit(() -> tickOn(together, first));
                Future<?> secondTick = threads.submit(() -> tickOn(together, second));
                firstTick.get(30, TimeUnit.SECONDS);
                secondTick.get(30, TimeUnit.SECONDS);
                assertThat(first.isHolding() ^ second.isHolding())
                        .as("exactly one holds the lease after both tried at once, round %d", round).isTrue();
                Thread.sleep(TICK_PAUSE.toMillis());
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(allConfirmed(ids)).isTrue();
        OutboxSender holder = first.isHolding() ? first : second;
        OutboxSender survivor = holder == first ? second : first;
        List<String> later = accept(5);
        Thread.sleep(leaseTtl.toMillis() + 200);
        tickUntil(() -> allConfirmed(later), survivor);

        assertThat(survivor.isHolding()).isTrue();
        List<String> all = new ArrayList<>(ids);
        all.addAll(later);
        assertThat(nonces(all, ChainRequestStatus.CONFIRMED)).containsExactlyElementsOf(range(start, 15));
        assertThat(account.minedNonce()).isEqualTo(start + 15);
    }

    @Test
    void aTransactionReorganisedOutBeforeItsConfirmationsIsSentAgainAndTakesEffectOnceWhenConfirmed() {
        long start = account.minedNonce();
        List<String> confirmedEffects = new CopyOnWriteArrayList<>();
        OutboxSender sender = sender(store, new OutboxPolicy(4, 3, Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofMillis(200), 20), Map.of(RelayKind.KEY_PUBLICATION, recording(confirmedEffects)));
        anvil.automine(false);
        String id = accept(1).get(0);
        sender.tick().block();
        String hash = transactionOf(id).latest().hash();
        anvil.mine();
        sender.tick().block();
        ChainRequest mined = store.requests().find(id).block();
        assertThat(mined.status()).isEqualTo(ChainRequestStatus.MINED);
        assertThat(confirmedEffects).as("one block of three: no effect yet").isEmpty();

        anvil.call("anvil_reorg", "[1, []]");
        assertThat(account.receipt(hash)).as("its block was replaced by an empty one").isEmpty();
        sender.tick().block();
        assertThat(store.requests().find(id).block().status()).as("back to SENT, broadcast again")
                .isEqualTo(ChainRequestStatus.SENT);
        assertThat(confirmedEffects).isEmpty();
        for (int block = 0; block < 3; block++) {
            anvil.mine();
        }
        tickUntil(() -> allConfirmed(List.of(id)), sender);

        assertThat(confirmedEffects).containsExactly(id);
        MinedTransaction confirmed = store.requests().find(id).block().transaction().orElseThrow();
        assertThat(confirmed.transactionHash()).as("the same signed transaction").isEqualTo(hash);
        assertThat(confirmed.blockNumber()).isGreaterThan(mined.transaction().orElseThrow().blockNumber());
        assertThat(transactionOf(id).attempts()).hasSize(1);
        assertThat(account.minedNonce()).as("on chain once").isEqualTo(start + 1);
    }

    /** Effects that note which requests were confirmed, in the order they were. */
    private static ChainRequestEffects recording(List<String> confirmed) {
        return new ChainRequestEffects() {
            @Override
            public Mono<Void> onConfirmed(ChainRequest request) {
                return Mono.fromRunnable(() -> confirmed.add(request.id()));
            }

            @Override
            public Mono<Void> onFailed(ChainRequest request) {
                return Mono.error(new AssertionError("request " + request.id() + " failed"));
            }
        };
    }

    @Test
    void aCallThatWouldRevertFailsItsRequestAndTakesNoNonce() throws Exception {
        EthAddress reverter = deployAlwaysReverting();
        long start = account.minedNonce();
        String id = UUID.randomUUID().toString();
        store.requests().save(ChainRequest.accepted(id, RelayKind.KEY_PUBLICATION, account.relayer(),
                account.relayer(), "reverts", new ChainCall(reverter, "0x12345678"), SubjectOnlyIntent.INSTANCE, Clock.systemUTC().instant()))
                .block();
        OutboxSender sender = sender(store, policy(4, Duration.ofSeconds(30), Duration.ofSeconds(10)));

        sender.tick().block();

        ChainRequest failed = store.requests().find(id).block();
        assertThat(failed.status()).isEqualTo(ChainRequestStatus.FAILED);
        assertThat(failed.failureCode()).contains("CHAIN-0002");
        assertThat(failed.outboxTransaction()).isEmpty();
        assertThat(store.transactions().nextNonce(account.relayer()).block()).isEqualTo(start);
        assertThat(account.pendingNonce()).isEqualTo(start);
    }

    /** Runtime code PUSH1 0 PUSH1 0 REVERT, behind init code that returns it: reverts with no data. */
    private static EthAddress deployAlwaysReverting() throws Exception {
        var deployer = new RawTransactionManager(web3j, Credentials.create(LocalStack.DEPLOYER_KEY), CHAIN_ID);
        String hash = deployer.sendTransaction(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(100_000), null,
                "0x600580600b6000396000f360006000fd", BigInteger.ZERO, true).getTransactionHash();
        // anvil may answer the send before its automine has put the transaction in a block
        return EthAddress.parse(new PollingTransactionReceiptProcessor(web3j, TICK_PAUSE.toMillis(), MAX_TICKS)
                .waitForTransactionReceipt(hash).getContractAddress());
    }

    private OutboxSender sender(OutboxStore on, OutboxPolicy policy) {
        return sender(on, policy, Map.of());
    }

    private OutboxSender sender(OutboxStore on, OutboxPolicy policy, Map<RelayKind, ChainRequestEffects> effects) {
        return new OutboxSender(account, SignedMessagePort.NONE, on.requests(), on.transactions(), on.lease(), on.database(),
                effects, calls -> {
                    throw new AssertionError("no anchors here");
                }, policy, OutboxMetricsPort.NONE, Clock.systemUTC(), "sender-" + UUID.randomUUID(),
                CrashPointPort.NONE, newSenderThread());
    }

    private static Scheduler newSenderThread() {
        Scheduler thread = Schedulers.newSingle("outbox-sender-it-" + senderThreads.size());
        senderThreads.add(thread);
        return thread;
    }

    private static OutboxPolicy policy(int maxInFlight, Duration stuckAfter, Duration leaseTtl) {
        return new OutboxPolicy(maxInFlight, 1, stuckAfter, leaseTtl, Duration.ofMillis(200), 20);
    }

    /** Accepts {@code n} zero-value calls, each to a fresh account, for a fresh account. */
    private List<String> accept(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            ChainCall call = new ChainCall(Patients.newAddress(), "0x");
            EthAddress requester = Patients.newAddress();
            store.requests().save(ChainRequest.accepted(id, RelayKind.KEY_PUBLICATION, requester, requester,
                    "call " + i, call, SubjectOnlyIntent.INSTANCE, Clock.systemUTC().instant())).block();
            ids.add(id);
        }
        return ids;
    }

    private OutboxTransaction transactionOf(String id) {
        String transaction = store.requests().find(id).block().outboxTransaction().orElseThrow();
        return store.transactions().find(transaction).block();
    }

    /** The nonces of the requests' transactions, sorted; each request must be in {@code status}. */
    private List<Long> nonces(List<String> ids, ChainRequestStatus status) {
        return ids.stream()
                .map(id -> store.requests().find(id).block())
                .filter(request -> request.status() == status)
                .map(request -> store.transactions().find(request.outboxTransaction().orElseThrow()).block().nonce())
                .sorted()
                .toList();
    }

    private boolean allConfirmed(List<String> ids) {
        return ids.stream().allMatch(id -> store.requests().find(id).block().status() == ChainRequestStatus.CONFIRMED);
    }

    /** {@code fee} times 1.125, rounded up: the bump the docs promise, worked out here rather than by {@link Fees}. */
    private static BigInteger twelveAndAHalfPercentAbove(BigInteger fee) {
        BigInteger[] quotient = fee.multiply(BigInteger.valueOf(1_125)).divideAndRemainder(BigInteger.valueOf(1_000));
        return quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
    }

    /** Waits for the other thread, so that both senders tick at once, then ticks {@code sender}. */
    private static Void tickOn(CyclicBarrier together, OutboxSender sender) throws Exception {
        together.await(30, TimeUnit.SECONDS);
        sender.tick().block();
        return null;
    }

    private static List<Long> range(long from, int count) {
        return LongStream.range(from, from + count).boxed().toList();
    }

    private static void tickUntil(BooleanSupplier done, OutboxSender sender) {
        for (int tick = 0; tick < MAX_TICKS && !done.getAsBoolean(); tick++) {
            sender.tick().block();
            try {
                Thread.sleep(TICK_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(done.getAsBoolean()).as("done within %d ticks", MAX_TICKS).isTrue();
    }
}
