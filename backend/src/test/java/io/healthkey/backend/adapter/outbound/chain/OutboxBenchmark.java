package io.healthkey.backend.adapter.outbound.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.adapter.outbound.persistence.OutboxStore;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.outbox.CrashPointPort;
import io.healthkey.backend.application.outbox.OutboxMetricsPort;
import io.healthkey.backend.application.outbox.OutboxTransactionPort;
import io.healthkey.backend.application.outbox.RelayerAccountPort;
import io.healthkey.backend.application.outbox.RelayerLeasePort;
import io.healthkey.backend.application.outbox.TransactionPort;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.outbox.OutboxPolicy;
import io.healthkey.backend.application.outbox.OutboxSender;
import io.healthkey.backend.application.outbox.SignedMessagePort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.Fees;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.consent.SignedGrant;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.Checkout;
import io.healthkey.backend.support.LocalStack;
import io.healthkey.backend.support.LocalStackExtension;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.TimedPorts;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.eip712.TypedDataSigner;

/**
 * Benchmark, not a test (no timed assertion; its name keeps it out of the suites): N grants relayed through the
 * outbox to the local Hardhat node, against the same N calls sent with plain web3j (RawTransactionManager, one
 * after the other, each waiting for its receipt), in the same run. Run by {@code scripts/bench-outbox.sh}; prints
 * a Markdown table and writes it to {@code backend/target/bench-outbox.md}.
 *
 * <p>Two rounds on the same node: Hardhat's automine (a block per transaction, the moment it arrives), then
 * interval mining (a block every {@code bench.blockTimeMs}, 200 ms, as a chain with block times has).
 *
 * <p>Each grant is from a fresh patient (nonce 0), so every one is valid on its own. The outbox path is timed from
 * the first acceptance (simulation and storage included, as the API does it) to the last CONFIRMED (depth 1); the
 * web3j path from the first send to the last receipt. Checks afterwards that every grant of both paths holds.
 */
@ExtendWith(LocalStackExtension.class)
class OutboxBenchmark {

    private static final int GRANTS = Integer.getInteger("bench.grants", 200);
    /** Grants per path with blocks every {@link #BLOCK_TIME_MS} instead of one block per transaction. */
    private static final int GRANTS_TIMED = Integer.getInteger("bench.timedGrants", 100);
    private static final int BLOCK_TIME_MS = Integer.getInteger("bench.blockTimeMs", 200);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 20);
    private static final long RECEIPT_POLL_MILLIS = 10;
    /** Requests accepted at once, as concurrent API clients would send them. */
    private static final int ACCEPTING = Integer.getInteger("bench.accepting", 8);
    private static final Duration POLL = Duration.ofMillis(50);
    /** How long the sender waited for work in the profiled round. */
    private static final AtomicLong idleNanos = new AtomicLong();
    private static final Duration LIMIT = Duration.ofMinutes(5);
    /** Whether to count and time every port call of the automine outbox round (slightly slower; off by default). */
    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");

    @Test
    void relaysGrantsThroughTheOutboxAndSequentially() throws Exception {
        LocalStack stack = LocalStack.shared();
        Web3j web3j = Web3j.build(new HttpService(stack.rpcUrl().toString()));
        Deployment deployment = DeploymentFile.read(stack.deploymentFile(),
                new ChainProperties.Contracts(null, null, null, null));
        Credentials relayer = Credentials.create(LocalStack.RELAYER_KEY);
        TransactionRelay relay = new TransactionRelay(web3j, relayer.getAddress(),
                new RevertDecoder(ContractErrorCatalog.fromClasspath()));
        RelayerAccountAdapter account = new RelayerAccountAdapter(web3j, relayer, deployment.chainId(), relay);
        ConsentRegistryAdapter consent = new ConsentRegistryAdapter(web3j, deployment, relay);

        sequential(web3j, relayer, deployment, account, grants(consent, deployment, WARM_UP).calls());
        Grants viaWeb3j = grants(consent, deployment, GRANTS);
        Cpu web3jStart = Cpu.now(stack);
        double web3jSeconds = sequential(web3j, relayer, deployment, account, viaWeb3j.calls());
        Cpu web3jCpu = Cpu.now(stack).minus(web3jStart);
        HttpService rpc = new HttpService(stack.rpcUrl().toString());
        node(rpc, "evm_setAutomine", false);
        node(rpc, "evm_setIntervalMining", BLOCK_TIME_MS);
        Grants viaWeb3jTimed = grants(consent, deployment, GRANTS_TIMED);
        double web3jTimedSeconds = sequential(web3j, relayer, deployment, account, viaWeb3jTimed.calls());
        node(rpc, "evm_setIntervalMining", 0);
        node(rpc, "evm_setAutomine", true);

        OutboxStore store = OutboxStore.open(OutboxStore.newDatabaseName());
        TimedPorts profile = new TimedPorts();
        Semaphore wake = new Semaphore(0);
        Scheduler senderThread = Schedulers.newSingle("bench-outbox-sender", true);
        OutboxSender sender = new OutboxSender(timed(profile, RelayerAccountPort.class, account, "send.chain"),
                SignedMessagePort.NONE,
                timed(profile, ChainRequestPort.class, store.requests(), "send.requests"),
                timed(profile, OutboxTransactionPort.class, store.transactions(), "send.transactions"),
                timed(profile, RelayerLeasePort.class, store.lease(), "send.lease"),
                timed(profile, TransactionPort.class, store.database(), "send.database"), Map.of(), calls -> {
                    throw new AssertionError("grants only");
                }, new OutboxPolicy(16, 1, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(200),
                        20), OutboxMetricsPort.NONE, Clock.systemUTC(), "bench-" + UUID.randomUUID(),
                CrashPointPort.NONE, senderThread);
        OutboxAcceptor acceptor = new OutboxAcceptor(timed(profile, RelayerAccountPort.class, account, "accept.chain"),
                timed(profile, ChainRequestPort.class, store.requests(), "accept.requests"),
                timed(profile, TransactionPort.class, store.database(), "accept.database"), Clock.systemUTC(),
                wake::release);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread runner = new Thread(() -> {
            while (running.get()) {
                boolean[] busy = new boolean[1];
                profile.time("send.tick", () -> busy[0] = sender.tick().subscribeOn(senderThread).block());
                if (!busy[0]) {
                    long idle = System.nanoTime();
                    try {
                        wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                        wake.drainPermits();
                    } catch (InterruptedException e) {
                        return;
                    }
                    idleNanos.addAndGet(System.nanoTime() - idle);
                }
            }
        }, "bench-outbox-sender");
        runner.start();
        try {
            throughOutbox(acceptor, store, grants(consent, deployment, WARM_UP));
            Grants viaOutbox = grants(consent, deployment, GRANTS);
            profile.reset();
            idleNanos.set(0);
            Cpu outboxStart = Cpu.now(stack);
            double outboxSeconds = throughOutbox(acceptor, store, viaOutbox);
            Cpu outboxCpu = Cpu.now(stack).minus(outboxStart);
            String profiled = PROFILE ? profileTable(profile, GRANTS, outboxSeconds) : "";
            node(rpc, "evm_setAutomine", false);
            node(rpc, "evm_setIntervalMining", BLOCK_TIME_MS);
            Grants viaOutboxTimed = grants(consent, deployment, GRANTS_TIMED);
            double outboxTimedSeconds = throughOutbox(acceptor, store, viaOutboxTimed);
            node(rpc, "evm_setIntervalMining", 0);
            node(rpc, "evm_setAutomine", true);

            for (Grants grants : List.of(viaWeb3j, viaOutbox, viaWeb3jTimed, viaOutboxTimed)) {
                for (TypedDataSigner patient : grants.patients()) {
                    assertThat(consent.nextNonce(patient.address()).block()).as("grant of %s holds", patient.address())
                            .isEqualTo(BigInteger.ONE);
                }
            }
            report(web3jSeconds, outboxSeconds, web3jTimedSeconds, outboxTimedSeconds, profiled + cpuTable(web3jCpu,
                    outboxCpu, GRANTS));
        } finally {
            running.set(false);
            runner.join(10_000);
            senderThread.dispose();
            web3j.shutdown();
        }
    }

    /** Sends each call with RawTransactionManager and waits for its receipt before the next one. */
    private static double sequential(Web3j web3j, Credentials relayer, Deployment deployment, RelayerAccountAdapter account,
            List<ChainCall> calls) throws Exception {
        var receipts = new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS,
                (int) (LIMIT.toMillis() / RECEIPT_POLL_MILLIS));
        var manager = new RawTransactionManager(web3j, relayer, deployment.chainId(), receipts);
        Fees fees = account.currentFees().bumped();
        BigInteger gasLimit = account.prepare(List.of(calls.get(0))).get(0).gasLimit().orElseThrow()
                .multiply(BigInteger.TWO);
        long start = System.nanoTime();
        for (ChainCall call : calls) {
            var sent = manager.sendEIP1559Transaction(deployment.chainId(), fees.maxPriorityFeePerGas(),
                    fees.maxFeePerGas(), gasLimit, call.target().toString(), call.calldata(), BigInteger.ZERO);
            assertThat(sent.hasError()).as("%s", sent.getError() == null ? "" : sent.getError().getMessage())
                    .isFalse();
            assertThat(receipts.waitForTransactionReceipt(sent.getTransactionHash()).isStatusOK()).isTrue();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Accepts every call (simulated and stored, as the API does), {@link #ACCEPTING} at a time as concurrent clients
     * of the API would, then waits until all are CONFIRMED.
     */
    private static double throughOutbox(OutboxAcceptor acceptor, OutboxStore store, Grants grants)
            throws InterruptedException {
        long start = System.nanoTime();
        List<String> ids = Flux.range(0, grants.calls().size())
                .flatMap(i -> {
                    ChainCall call = grants.calls().get(i);
                    EthAddress patient = grants.patients().get(i).address();
                    return acceptor.simulate(call).flatMap(gas -> acceptor.accept(acceptor.newRequest(RelayKind.GRANT,
                            patient, patient, "bench", call, SubjectOnlyIntent.INSTANCE, gas), Mono.empty()));
                }, ACCEPTING)
                .map(ChainRequest::id)
                .collectList()
                .block();
        Instant until = Instant.now().plus(LIMIT);
        // Each request is read until it is CONFIRMED, then no more: re-reading the confirmed ones at every poll
        // made the wait itself cost the shared two cores O(n^2) queries.
        Deque<String> unconfirmed = new ArrayDeque<>(ids);
        while (!unconfirmed.isEmpty()) {
            while (!unconfirmed.isEmpty() && store.requests().find(unconfirmed.peekFirst()).block().status()
                    == ChainRequestStatus.CONFIRMED) {
                unconfirmed.removeFirst();
            }
            if (!unconfirmed.isEmpty()) {
                assertThat(Instant.now()).as("all confirmed within %s", LIMIT).isBefore(until);
                Thread.sleep(20);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** CPU time used so far by the chain node's processes and by this JVM (the benchmark and the outbox). */
    private record Cpu(Duration node, Duration jvm) {

        static Cpu now(LocalStack stack) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Cpu(stack.chainCpu(), Duration.ofNanos(os.getProcessCpuTime()));
        }

        Cpu minus(Cpu before) {
            return new Cpu(node.minus(before.node), jvm.minus(before.jvm));
        }
    }

    /**
     * CPU per grant in the automine rounds: the node's (Hardhat) and this JVM's. On two cores, a path cannot relay
     * faster than its busiest side allows, whatever it overlaps.
     */
    private static String cpuTable(Cpu web3j, Cpu outbox, int grants) {
        return String.format("""

                CPU per grant, automine rounds (ms; the JVM runs the client or the outbox, the node is Hardhat):

                | path | node CPU ms/grant | JVM CPU ms/grant |
                |---|---:|---:|
                | web3j sequential | %.2f | %.2f |
                | outbox | %.2f | %.2f |
                """, web3j.node().toNanos() / 1e6 / grants, web3j.jvm().toNanos() / 1e6 / grants,
                outbox.node().toNanos() / 1e6 / grants, outbox.jvm().toNanos() / 1e6 / grants);
    }

    /** {@code port} timed in {@code profile} when {@link #PROFILE} is set, else as it is. */
    private static <T> T timed(TimedPorts profile, Class<T> type, T port, String label) {
        return PROFILE ? profile.timed(type, port, label) : port;
    }

    /**
     * Where the automine outbox round's time went: calls and milliseconds per grant for each port method, the
     * sender's rounds and its idle waits. Nested calls count in full at each level (a transaction and its
     * statements); the acceptance side runs {@link #ACCEPTING} at a time, concurrently with the sender.
     */
    private static String profileTable(TimedPorts profile, int grants, double seconds) {
        StringBuilder table = new StringBuilder(String.format("""

                Profile of the automine outbox round (%d grants, %.2f s, %.2f ms of wall time per grant; sender idle
                %.2f ms per grant):

                | port method | calls per grant | ms per grant | ms per call |
                |---|---:|---:|---:|
                """, grants, seconds, seconds * 1000 / grants, idleNanos.get() / 1e6 / grants));
        for (TimedPorts.Row row : profile.rows()) {
            table.append(String.format("| %s | %.2f | %.3f | %.3f |%n", row.name(), (double) row.calls() / grants,
                    row.millis() / grants, row.calls() == 0 ? 0 : row.millis() / row.calls()));
        }
        return table.toString();
    }

    private static String row(String mining, String path, int grants, double seconds) {
        return String.format("| %s | %s | %d | %.2f | %.1f |", mining, path, grants, seconds, grants / seconds);
    }

    /** A Hardhat method with one parameter, e.g. {@code evm_setIntervalMining}. */
    private static void node(HttpService rpc, String method, Object parameter) throws Exception {
        Response<?> answer = new Request<>(method, List.of(parameter), rpc, VoidResponse.class).send();
        assertThat(answer.hasError()).as("%s: %s", method, answer.getError() == null ? "" : answer.getError()
                .getMessage()).isFalse();
    }

    private record Grants(List<TypedDataSigner> patients, List<ChainCall> calls) {
    }

    /** One READ grant from each of {@code n} fresh patients to a fresh grantee, signed, encoded. */
    private static Grants grants(ConsentRegistryAdapter consent, Deployment deployment, int n) {
        var domain = Eip712Domain.consentRegistry(deployment.chainId(), deployment.consentRegistry());
        List<TypedDataSigner> patients = new ArrayList<>();
        List<ChainCall> calls = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            TypedDataSigner patient = Patients.newWallet();
            var grant = new GrantMessage(patient.address(), Patients.newAddress(), Scope.all(), Action.READ,
                    Purpose.TREAT, now.plus(Duration.ofDays(1)), BigInteger.ZERO, now.plus(Duration.ofHours(1)));
            patients.add(patient);
            calls.add(consent.grantCall(new SignedGrant(grant, patient.sign(TypedData.of(domain, grant)))));
        }
        return new Grants(patients, calls);
    }

    private static void report(double web3jSeconds, double outboxSeconds, double web3jTimedSeconds,
            double outboxTimedSeconds, String profiled) throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        String table = String.format("""
                | node mining | path | grants | seconds | grants/s |
                |---|---|---:|---:|---:|
                %s
                %s
                | | **ratio outbox / web3j** | | | **%.2fx** |
                %s
                %s
                | | **ratio outbox / web3j** | | | **%.2fx** |

                web3j: RawTransactionManager, one send after the other, receipt polled every %d ms. Outbox: accept
                (simulate + store, as the API does, %d at a time) then the sender, 16 in flight, confirmation depth 1.
                %d warm-up grants per path first. Load average at the end: %s; cores: %d.
                """,
                row("automine", "web3j sequential", GRANTS, web3jSeconds),
                row("automine", "outbox", GRANTS, outboxSeconds),
                web3jSeconds / outboxSeconds,
                row("every " + BLOCK_TIME_MS + " ms", "web3j sequential", GRANTS_TIMED, web3jTimedSeconds),
                row("every " + BLOCK_TIME_MS + " ms", "outbox", GRANTS_TIMED, outboxTimedSeconds),
                web3jTimedSeconds / outboxTimedSeconds,
                RECEIPT_POLL_MILLIS, ACCEPTING, WARM_UP, load, Runtime.getRuntime().availableProcessors());
        table = table + profiled;
        System.out.println(table);
        Path root = Checkout.root();
        Files.writeString(root.resolve("backend/target/bench-outbox.md"), table);
    }
}
