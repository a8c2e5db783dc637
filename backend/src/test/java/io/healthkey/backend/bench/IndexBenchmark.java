package io.healthkey.backend.bench;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint8;

import io.healthkey.backend.HealthKeyApplication;
import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.AnvilChain;
import io.healthkey.backend.support.ConsentCalls;
import io.healthkey.backend.support.PostgresServer;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;

/**
 * Event index benchmark, run by {@code scripts/bench-index.sh}: on a fresh anvil node, {@code --events} real
 * {@code ConsentRegistry.grant} transactions (a few revocations among them) from 10 patient accounts, mined in large
 * blocks; then the backend's indexer backfills them into H2, or with {@code --database postgres} into a throwaway
 * PostgreSQL server (events per second, and the backend's CPU time meanwhile); then {@code --checks} permission
 * checks answered by the index against the same questions as one {@code eth_call hasAccess} each, answers compared.
 * Prints Markdown.
 */
public final class IndexBenchmark {

    private static final int PATIENTS = 10;
    private static final int GRANTEES = 2_000;
    private static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("events", "100000"));
        int checks = Integer.parseInt(options.getOrDefault("checks", "2000"));
        String database = options.getOrDefault("database", "h2");
        if (!database.equals("h2") && !database.equals(PostgresServer.SELECTED)) {
            throw new IllegalArgumentException("--database is h2 or postgres, not " + database);
        }
        AnvilChain anvil = AnvilChain.start(PATIENTS + 1, "--gas-limit", "1000000000", "--order", "fifo");
        Thread stopAnvil = new Thread(anvil::close); // also when the script's timeout stops the JVM
        Runtime.getRuntime().addShutdownHook(stopAnvil);
        new IndexBenchmark(anvil, database).run(events, checks);
        System.exit(0); // the hook stops anvil; Spring's non-daemon threads must not keep the JVM alive
    }

    private final AnvilChain anvil;
    private final String database;
    private final Random random = new Random(42);
    private final List<EthAddress> patients = new ArrayList<>();
    private final List<EthAddress> grantees = new ArrayList<>();
    private final List<AccessQuery> granted = new ArrayList<>();

    private IndexBenchmark(AnvilChain anvil, String database) {
        this.anvil = anvil;
        this.database = database;
    }

    private void run(int events, int checks) throws Exception {
        for (int i = 1; i <= PATIENTS; i++) {
            patients.add(EthAddress.parse(anvil.account(i)));
        }
        for (int i = 0; i < GRANTEES; i++) {
            byte[] address = new byte[20];
            random.nextBytes(address);
            grantees.add(EthAddress.fromBytes(address));
        }
        Path deployment = anvil.deploymentFile();
        long startBlock = anvil.headNumber();
        long generateStart = System.nanoTime();
        int sent = generate(events, deployment);
        double generateSeconds = seconds(System.nanoTime() - generateStart);
        long head = anvil.headNumber();

        Path dataDir = Files.createTempDirectory("healthkey-bench-index-");
        try (ConfigurableApplicationContext context = backend(anvil, dataDir, databaseArguments())) {
            EventIndexer indexer = context.getBean(EventIndexer.class);
            var system = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double loadBefore = system.getSystemLoadAverage();
            long cpuStart = system.getProcessCpuTime();
            long backfillStart = System.nanoTime();
            for (int polls = 0; polls < 100 && indexer.status().cursor().map(c -> c.number()).orElse(-1L) < head;
                    polls++) {
                indexer.poll().block();
            }
            double backfillSeconds = seconds(System.nanoTime() - backfillStart);
            Backfill backfill = new Backfill(indexer.status().eventsIndexed(), backfillSeconds,
                    seconds(system.getProcessCpuTime() - cpuStart), loadBefore, system.getSystemLoadAverage());
            if (indexer.status().cursor().orElseThrow().number() < head) {
                throw new IllegalStateException("index did not reach the head: " + indexer.status());
            }

            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
            poller.scheduleWithFixedDelay(() -> indexer.poll().block(), 0, 200, TimeUnit.MILLISECONDS);
            try {
                Thread.sleep(500);
                printResults(context, anvil, checks, sent, head - startBlock, generateSeconds, backfill);
            } finally {
                poller.shutdownNow();
                poller.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Sends grants (and 1 in 50 a revocation of an earlier grant) in JSON-RPC batches; mines after each batch. */
    private int generate(int events, Path deploymentFile) throws Exception {
        String consent = consentAddress(deploymentFile);
        anvil.call("evm_setAutomine", false);
        long expiresAt = Instant.now().plus(Duration.ofDays(365)).getEpochSecond();
        // anvil numbers pending transactions from the mined state: with automine off, nonces are ours to count
        Map<EthAddress, Long> nonces = new java.util.HashMap<>();
        for (EthAddress patient : patients) {
            nonces.put(patient, Long.decode(anvil.call("eth_getTransactionCount", patient.toString(), "latest")
                    .asText()));
        }
        int sent = 0;
        while (sent < events) {
            List<Map.Entry<String, List<Object>>> calls = new ArrayList<>();
            for (int i = 0; i < BATCH && sent < events; i++, sent++) {
                EthAddress patient = patients.get(random.nextInt(PATIENTS));
                EthAddress grantee = grantees.get(random.nextInt(GRANTEES));
                Category category = Category.ofCode(1 + random.nextInt(4));
                Scope scope = switch (random.nextInt(3)) {
                    case 0 -> Scope.all();
                    case 1 -> Scope.of(category);
                    default -> Scope.of(RecordId.of(patient, category, 1 + random.nextInt(3)));
                };
                RecordId record = scope instanceof Scope.OfRecord r ? r.record()
                        : RecordId.of(patient, category, 1 + random.nextInt(3));
                String data;
                if (random.nextInt(50) == 0 && !granted.isEmpty()) {
                    AccessQuery earlier = granted.get(random.nextInt(granted.size()));
                    data = revokeAll(earlier.grantee());
                    patient = earlier.patient();
                } else {
                    data = ConsentCalls.grant(grantee, scope, 1, Purpose.TREAT.code(), expiresAt);
                    granted.add(new AccessQuery(patient, grantee, record, Action.READ));
                }
                long nonce = nonces.merge(patient, 1L, Long::sum) - 1;
                calls.add(Map.entry("eth_sendTransaction", List.of(Map.of("from", patient.toString(), "to", consent,
                        "data", data, "gas", "0x30000", "nonce", "0x" + Long.toHexString(nonce)))));
            }
            anvil.batch(calls);
            anvil.call("evm_mine");
        }
        for (int i = 0; i < 100 && Long.decode(anvil.call("txpool_status").get("pending").asText()) > 0; i++) {
            anvil.call("evm_mine");
        }
        anvil.call("evm_setAutomine", true);
        return sent;
    }

    /** A revocation of the whole-record grant: most such calls revert (no such grant), which the index ignores. */
    private static String revokeAll(EthAddress grantee) {
        return FunctionEncoder.encode(new Function("revoke", List.of(new Address(grantee.toString()),
                new Bytes32(new byte[32]), new Uint8(1)), List.of()));
    }

    /** The backfill as timed: events, wall and backend CPU seconds, the 1-minute load average before and after. */
    private record Backfill(long events, double seconds, double cpuSeconds, double loadBefore, double loadAfter) {
    }

    private void printResults(ConfigurableApplicationContext context, AnvilChain anvil, int checks, int sent,
            long blocks, double generateSeconds, Backfill backfill) {
        AccessCheckUseCase access = context.getBean(AccessCheckUseCase.class);
        ConsentRegistryPort chain = context.getBean(ConsentRegistryPort.class);
        Deployment deployment = context.getBean(Deployment.class);
        List<AccessQuery> queries = new ArrayList<>();
        for (int i = 0; i < checks; i++) {
            if (i % 2 == 0) {
                queries.add(granted.get(random.nextInt(granted.size())));
            } else {
                EthAddress patient = patients.get(random.nextInt(PATIENTS));
                queries.add(new AccessQuery(patient, grantees.get(random.nextInt(GRANTEES)),
                        RecordId.of(patient, Category.ofCode(1 + random.nextInt(4)), 1 + random.nextInt(3)),
                        Action.READ));
            }
        }
        for (int i = 0; i < Math.min(200, checks); i++) { // warm-up, both paths
            access.check(queries.get(i)).block();
            rawHasAccess(anvil, deployment, queries.get(i));
        }
        long[] indexNanos = new long[checks];
        long[] callNanos = new long[checks];
        long[] portNanos = new long[checks];
        boolean[] indexAnswers = new boolean[checks];
        int allowed = 0;
        for (int i = 0; i < checks; i++) {
            AccessQuery query = queries.get(i);
            long t0 = System.nanoTime();
            indexAnswers[i] = access.check(query).block().allowed();
            long t1 = System.nanoTime();
            boolean byCall = rawHasAccess(anvil, deployment, query);
            long t2 = System.nanoTime();
            boolean byPort = chain.hasAccess(query).block().allowed();
            long t3 = System.nanoTime();
            if (indexAnswers[i] != byCall || byCall != byPort) {
                throw new IllegalStateException("answers differ for " + query + ": index " + indexAnswers[i]
                        + ", eth_call " + byCall + ", backend's chain adapter " + byPort);
            }
            allowed += byCall ? 1 : 0;
            indexNanos[i] = t1 - t0;
            callNanos[i] = t2 - t1;
            portNanos[i] = t3 - t2;
        }
        System.out.printf("## Event index benchmark (anvil 1.7.1, %s)%n", database.equals("h2") ? "H2 file database"
                : "PostgreSQL, throwaway server: fsync and synchronous_commit off");
        System.out.println();
        System.out.println("| what | value |");
        System.out.println("|---|---|");
        System.out.printf("| transactions sent (grants, ~2%% revocations, most of those reverting) | %d |%n", sent);
        System.out.printf("| blocks mined for them | %d |%n", blocks);
        System.out.printf("| generation (send in batches of %d + mine), s | %.1f |%n", BATCH, generateSeconds);
        System.out.printf("| events indexed | %d |%n", backfill.events());
        System.out.printf("| backfill wall time, s | %.2f |%n", backfill.seconds());
        System.out.printf("| **backfill, events/s** | **%.0f** |%n", backfill.events() / backfill.seconds());
        System.out.printf("| backend CPU time during the backfill (all threads), s | %.2f |%n", backfill.cpuSeconds());
        System.out.printf("| machine load (1-minute average) before / after the backfill, %d cores | %.2f / %.2f |%n",
                Runtime.getRuntime().availableProcessors(), backfill.loadBefore(), backfill.loadAfter());
        System.out.println();
        System.out.printf("Permission checks: %d sequential, half from granted keys (%d allowed in all), answers"
                + " identical on every path.%n%n", checks, allowed);
        System.out.println("| check | p50 µs | p90 µs | p99 µs | mean µs | mean ratio to index |");
        System.out.println("|---|---|---|---|---|---|");
        double indexMean = mean(indexNanos);
        row("index (`AccessCheckUseCase.check`)", indexNanos, indexMean);
        row("one `eth_call hasAccess` at latest (java.net.http)", callNanos, indexMean);
        row("backend's chain adapter before (`eth_blockNumber` + `eth_call`, web3j)", portNanos, indexMean);
    }

    private static void row(String name, long[] nanos, double indexMean) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("| %s | %.0f | %.0f | %.0f | %.0f | %.1f |%n", name, micros(percentile(sorted, 50)),
                micros(percentile(sorted, 90)), micros(percentile(sorted, 99)), mean(nanos) / 1_000.0,
                mean(nanos) / indexMean);
    }

    private static boolean rawHasAccess(AnvilChain anvil, Deployment deployment, AccessQuery query) {
        String data = FunctionEncoder.encode(new Function("hasAccess", List.of(
                new Address(query.patient().toString()), new Address(query.grantee().toString()),
                new Bytes32(query.record().toBytes32().toBytes()), new Uint8(query.action().code())), List.of()));
        String result = anvil.call("eth_call", Map.of("to", deployment.consentRegistry().toString(), "data", data),
                "latest").asText();
        return new BigInteger(result.substring(2), 16).signum() != 0;
    }

    /** The backend, configured by command-line arguments: they win over application.yml and the local profile. */
    private static ConfigurableApplicationContext backend(AnvilChain anvil, Path dataDir, List<String> database) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=local",
                "--server.port=0",
                "--healthkey.chain.rpc-url=" + anvil.rpcUrl(),
                "--healthkey.chain.deployment-file=" + anvil.deploymentFile(),
                "--healthkey.ipfs.store=embedded",
                "--healthkey.fhir.warm-up=false",
                "--healthkey.data-dir=" + dataDir,
                "--healthkey.index.enabled=false", // the benchmark polls itself, to time the backfill
                "--logging.level.root=WARN"));
        arguments.addAll(database);
        return new SpringApplication(HealthKeyApplication.class).run(arguments.toArray(String[]::new));
    }

    /** Command-line properties pointing R2DBC and Flyway at the chosen database; none for the default H2. */
    private List<String> databaseArguments() {
        if (database.equals("h2")) {
            return List.of();
        }
        PostgresServer postgres = PostgresServer.shared(); // stopped when the JVM exits
        return List.of("--spring.r2dbc.url=" + postgres.jdbcUrl().replaceFirst("^jdbc:", "r2dbc:"),
                "--spring.r2dbc.username=" + postgres.user(), "--spring.r2dbc.password=" + postgres.password(),
                "--spring.flyway.url=" + postgres.jdbcUrl(), "--spring.flyway.user=" + postgres.user(),
                "--spring.flyway.password=" + postgres.password());
    }

    private static String consentAddress(Path deploymentFile) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(deploymentFile.toFile());
        return json.path("contracts").path("ConsentRegistry").path("address").asText();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double mean(long[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static double micros(long nanos) {
        return nanos / 1_000.0;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
