package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.healthkey.backend.application.access.ExplainedAccessDecision;
import io.healthkey.backend.application.access.ExplainedAccessDecision.AnsweredBy;
import io.healthkey.backend.application.access.IndexedAccessCheck;
import io.healthkey.backend.application.consent.RelayConsentUseCase;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.consent.AccessDecision;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.consent.SignedRevocation;
import io.healthkey.backend.domain.consent.AccessRule;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexAnswer;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.AnvilChain;
import io.healthkey.backend.support.ConsentCalls;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.RevocationMessage;
import io.healthkey.protocol.eip712.TypedData;

/**
 * Reorg drill on a real anvil node ({@code anvil_reorg}): the backend's event index, polling every 50 ms and
 * counting grants after 2 confirmations, rolls back and replays; a revoked grant never reads as active; a grant
 * reads active only once 2 blocks are on top of it; a revocation accepted by the backend denies before it is mined.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class EventIndexReorgIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Hardhat's dev account #3: unlocked on anvil, and its key signs relayed revocations. */
    private static final Wallet PATIENT =
            Wallet.of("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");

    /** Replays a run of the random test: {@code -Dhealthkey.it.seed=<the seed its failure printed>}. */
    private static final String SEED_PROPERTY = "healthkey.it.seed";
    /** Lifetimes of random grants: expired, in doubt or live as the chain's time jumps. */
    private static final long[] LIFETIMES = {30, 90, 300, 1_200, 86_400};
    private static final long[] TIME_JUMPS = {20, 60, 180};
    /** Keeps the chain's time within the deadlines other tests sign (an hour from the wall clock). */
    private static final long MAX_TIME_JUMPED = 900;

    private static AnvilChain anvil;

    @Autowired
    EventIndexer indexer;
    @Autowired
    IndexedAccessCheck access;
    @Autowired
    EventIndexQueryPort index;
    @Autowired
    ConsentRegistryPort chain;
    @Autowired
    RelayConsentUseCase relay;
    @Autowired
    ChainRequestPort requests;
    @Autowired
    Deployment deployment;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) {
        anvil = AnvilChain.start(10);
        anvil.register(registry);
        registry.add("healthkey.index.confirmations", () -> "2");
        registry.add("healthkey.index.freshness", () -> "3s");
    }

    @AfterAll
    static void stopChain() {
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void grantReadsActiveOnlyAfterTheConfirmationDepth() {
        AccessQuery query = readQuery(EthAddress.parse(anvil.account(7)));
        long granted = grantAll(query.grantee());
        awaitIndexedHead();
        assertThat(chainAllows(query)).isTrue();
        assertThat(indexAllows(query)).as("0 blocks on top").isFalse();
        anvil.mine(1);
        awaitIndexedHead();
        assertThat(indexAllows(query)).as("1 block on top").isFalse();
        anvil.mine(1);
        awaitIndexedHead();
        assertThat(anvil.headNumber()).isEqualTo(granted + 2);
        assertThat(indexAllows(query)).as("2 blocks on top").isTrue();
    }

    @Test
    void grantReorgedAwayIsRolledBackAndNeverReadsActive() {
        AccessQuery query = readQuery(EthAddress.parse(anvil.account(8)));
        grantAll(query.grantee());
        anvil.mine(2);
        awaitIndexedHead();
        assertThat(indexAllows(query)).isTrue();
        long reorgs = indexer.status().reorgs();

        anvil.call("anvil_reorg", 3, List.of());

        await(() -> indexer.status().reorgs() > reorgs && indexedAtChainHead(), "rollback to the new chain");
        assertThat(chainAllows(query)).isFalse();
        assertThat(indexAllows(query)).isFalse();
        assertThat(index.grants(query.patient(), query.grantee(), 1, AccessRule.scopesFor(query)).block())
                .as("projection after rollback").isEmpty();
    }

    @Test
    void revokedGrantNeverReadsActiveWhileItsBlockIsReorgedAndReplayed() throws Exception {
        EthAddress grantee = EthAddress.parse(anvil.account(9));
        AccessQuery query = readQuery(grantee);
        grantAll(grantee);
        anvil.mine(2);
        awaitIndexedHead();
        assertThat(indexAllows(query)).isTrue();

        long revokedIn = relayRevocation(grantee);
        awaitIndexedHead();
        List<Sample> samples = sampleAcrossReplayOfTheNewestBlock(query, grantee);

        assertThat(samples).as("checks that read the revoked grant as active")
                .noneMatch(sample -> sample.decision().decision().allowed());
        assertNewestConsentIsTheRevocationIn(grantee, revokedIn);

        // and when the revocation is reorged away for good, the grant it revoked is active again, on both sides
        long reorgs = indexer.status().reorgs();
        anvil.call("anvil_reorg", 1, List.of());
        await(() -> indexer.status().reorgs() > reorgs && indexedAtChainHead(), "rollback of the revocation");
        assertThat(chainAllows(query)).isTrue();
        assertThat(indexAllows(query)).isTrue();
    }

    /**
     * As above with a revocation sent to the chain directly, which the backend never accepted: no pending revocation
     * can deny for the index, whose rollback and replay alone must keep the grant revoked.
     */
    @Test
    void revokedGrantNeverReadsActiveWhileItsBlockIsReorgedWithoutAPendingRevocation() throws Exception {
        EthAddress grantee = Wallet.create().address();
        AccessQuery query = readQuery(grantee);
        grantAll(grantee);
        anvil.mine(2);
        awaitIndexedHead();
        assertThat(indexAllows(query)).isTrue();

        long revokedIn = anvil.send(PATIENT.address().toString(), deployment.consentRegistry().toString(),
                ConsentCalls.revoke(grantee, Scope.all(), 1));
        awaitIndexedHead();
        assertThat(access.explain(query).block()).isEqualTo(new ExplainedAccessDecision(
                new AccessDecision(query, false, revokedIn), AnsweredBy.INDEX));
        List<Sample> samples = sampleAcrossReplayOfTheNewestBlock(query, grantee);

        assertThat(samples).as("checks that read the revoked grant as active")
                .noneMatch(sample -> sample.decision().decision().allowed());
        assertThat(samples).as("answers from a pending revocation")
                .noneMatch(sample -> sample.decision().answeredBy() == AnsweredBy.PENDING_REVOCATION);
        assertThat(samples).as("the index's own answers after the replay")
                .anyMatch(sample -> sample.afterRollback() && sample.decision().answeredBy() == AnsweredBy.INDEX);
        assertNewestConsentIsTheRevocationIn(grantee, revokedIn);
    }

    @Test
    void anAcceptedRevocationDeniesFromItsAcceptanceWhileTheChainStillAllows() {
        AccessQuery query = readQuery(EthAddress.parse(anvil.account(6)));
        grantAll(query.grantee());
        anvil.mine(2);
        awaitIndexedHead();
        assertThat(indexAllows(query)).isTrue();

        String request;
        anvil.call("evm_setAutomine", false);
        try {
            request = acceptRevocation(query.grantee());
            assertThat(indexAllows(query)).as("accepted").isFalse();
            await(() -> requests.find(request).block().status() == ChainRequestStatus.SENT, "revocation sent");
            assertThat(chainAllows(query)).as("the chain, before it is mined").isTrue();
            assertThat(indexAllows(query)).as("sent, not mined").isFalse();
        } finally {
            anvil.call("evm_setAutomine", true);
        }
        anvil.mine(1);
        minedBlockOf(request);
        awaitIndexedHead();
        assertThat(chainAllows(query)).isFalse();
        assertThat(indexAllows(query)).isFalse();
    }

    /**
     * After each of 150 random operations, every check on the patient it touched answers as {@code hasAccess} by
     * {@code eth_call}, and comes from the index itself wherever the projections alone settle it: grants and
     * revocations on every scope kind and both actions, expiries before, near and after the chain's time, providers
     * accredited, suspended and reinstated, the chain's time jumping (grants expire during the run) and reorgs that
     * drop the newest operation. The seed changes per run; a failure prints it.
     */
    @Test
    void indexAnswersEqualHasAccessForRandomGrantsRevocationsExpiriesAndProviders() {
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        try {
            randomOperationsAnswerAsTheChain(new Random(seed));
        } catch (AssertionError | RuntimeException failure) {
            throw new AssertionError("seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + "): "
                    + failure.getMessage(), failure);
        }
    }

    private void randomOperationsAnswerAsTheChain(Random random) {
        List<EthAddress> patients = List.of(EthAddress.parse(anvil.account(4)), EthAddress.parse(anvil.account(5)));
        List<EthAddress> grantees = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            grantees.add(Wallet.create().address());
        }
        String accreditor = anvil.account(0);
        String directory = deployment.participantDirectory().toString();
        String consent = deployment.consentRegistry().toString();
        for (int i = 0; i < 3; i++) {
            anvil.send(accreditor, directory, ConsentCalls.accredit(grantees.get(i), "Clinic " + i));
        }
        anvil.send(accreditor, directory, ConsentCalls.suspend(grantees.get(1), 1));
        long reorgsBefore = indexer.status().reorgs();

        Map<Operation, Integer> done = new EnumMap<>(Operation.class);
        Tally tally = new Tally();
        long timeJumped = 0;
        Operation previous = Operation.TIME_JUMP;
        for (int step = 0; step < 150; step++) {
            EthAddress patient = patients.get(random.nextInt(patients.size()));
            EthAddress grantee = grantees.get(random.nextInt(grantees.size()));
            Operation operation = Operation.draw(random);
            long jump = TIME_JUMPS[random.nextInt(TIME_JUMPS.length)];
            if (operation == Operation.REORG && !previous.sendsATransaction()
                    || operation == Operation.TIME_JUMP && timeJumped + jump > MAX_TIME_JUMPED) {
                operation = Operation.GRANT;
            }
            switch (operation) {
                case GRANT -> {
                    long expiresAt = chainTime() + LIFETIMES[random.nextInt(LIFETIMES.length)];
                    anvil.send(patient.toString(), consent, ConsentCalls.grant(grantee,
                            scopes(patient).get(random.nextInt(4)), 1 + random.nextInt(2), Purpose.TREAT.code(),
                            expiresAt));
                }
                case REVOKE -> sendMayRevert(patient.toString(), consent,
                        ConsentCalls.revoke(grantee, scopes(patient).get(random.nextInt(4)), 1 + random.nextInt(2)));
                case PROVIDER -> {
                    EthAddress provider = grantees.get(random.nextInt(4));
                    sendMayRevert(accreditor, directory, switch (random.nextInt(3)) {
                        case 0 -> ConsentCalls.accredit(provider, "Clinic " + provider);
                        case 1 -> ConsentCalls.suspend(provider, 1);
                        default -> ConsentCalls.reinstate(provider);
                    });
                }
                case TIME_JUMP -> {
                    anvil.call("evm_increaseTime", jump);
                    timeJumped += jump;
                }
                case REORG -> {
                    long reorgs = indexer.status().reorgs();
                    anvil.call("anvil_reorg", 3, List.of()); // the previous operation's block and its 2 confirmations
                    await(() -> indexer.status().reorgs() > reorgs && indexedAtChainHead(), "rollback, step " + step);
                }
            }
            if (operation != Operation.REORG) {
                anvil.mine(2); // every grant confirmed, so that the index may answer for it
                awaitIndexedHead();
            }
            done.merge(operation, 1, Integer::sum);
            previous = operation;
            for (AccessQuery query : queriesOn(patient, patients, grantees)) {
                compare(query, "step " + step + ", " + operation, tally);
            }
        }

        assertThat(done).as("operations done").containsOnlyKeys(Operation.values());
        assertThat(indexer.status().reorgs() - reorgsBefore).as("reorgs the index rolled back")
                .isGreaterThanOrEqualTo(done.get(Operation.REORG));
        assertThat(tally.granteesAllowed).as("grantees' checks allowed").isGreaterThan(tally.compared / 20);
        assertThat(tally.byIndex).as("checks the index answered itself").isGreaterThan(tally.compared / 2);
        assertThat(tally.byIndex + tally.byChain).as("checks answered by the index or the chain")
                .isEqualTo(tally.compared);
        assertThat(tally.patientsOnOthersRecords).as("patients asking about another patient's record").isPositive();
    }

    /** Every record kind, both actions, by each grantee and by the patient. */
    private static List<AccessQuery> queriesOn(EthAddress patient, List<EthAddress> patients,
            List<EthAddress> grantees) {
        EthAddress other = patients.get(0).equals(patient) ? patients.get(1) : patients.get(0);
        List<RecordId> records = List.of(RecordId.of(patient, Category.OBSERVATION, 1),
                RecordId.of(patient, Category.OBSERVATION, 2), RecordId.of(patient, Category.ofCode(3), 2),
                RecordId.of(other, Category.OBSERVATION, 1));
        List<EthAddress> askers = new ArrayList<>(grantees);
        askers.add(patient);
        List<AccessQuery> queries = new ArrayList<>();
        for (EthAddress grantee : askers) {
            for (RecordId record : records) {
                for (Action action : Action.values()) {
                    queries.add(new AccessQuery(patient, grantee, record, action));
                }
            }
        }
        return queries;
    }

    /**
     * The check answers as the chain does, and from where the projections say it should: the index when they settle
     * it, the chain when they leave it in doubt (unless the index moved while this looked, which is rare and
     * tolerated: the projections are read before and after).
     */
    private void compare(AccessQuery query, String after, Tally tally) {
        IndexAnswer expectedBefore = projectionsAlone(query);
        ExplainedAccessDecision explained = access.explain(query).block();
        IndexAnswer expectedAfter = projectionsAlone(query);
        boolean chainSays = chainAllows(query);
        assertThat(explained.decision().allowed()).as("%s after %s", query, after).isEqualTo(chainSays);
        if (expectedBefore == expectedAfter) {
            assertThat(explained.answeredBy()).as("what answered %s after %s (projections: %s)", query, after,
                    expectedBefore).isEqualTo(expectedBefore == IndexAnswer.ASK_CHAIN ? AnsweredBy.CHAIN : AnsweredBy.INDEX);
        }
        if (query.grantee().equals(query.patient()) && !query.record().patient().equals(query.patient())) {
            assertThat(chainSays).as("%s: a patient is not their own grantee on another's record", query).isFalse();
            tally.patientsOnOthersRecords++;
        }
        tally.compared++;
        tally.byIndex += explained.answeredBy() == AnsweredBy.INDEX ? 1 : 0;
        tally.byChain += explained.answeredBy() == AnsweredBy.CHAIN ? 1 : 0;
        tally.granteesAllowed += chainSays && !query.grantee().equals(query.patient()) ? 1 : 0;
    }

    private void sendMayRevert(String from, String to, String data) {
        try {
            anvil.send(from, to, data);
        } catch (IllegalStateException reverted) {
            // nothing to revoke, already accredited, not suspended...: mined all the same, and a no-op
        }
    }

    private enum Operation {
        GRANT, REVOKE, PROVIDER, TIME_JUMP, REORG;

        static Operation draw(Random random) {
            int roll = random.nextInt(100);
            return roll < 55 ? GRANT : roll < 75 ? REVOKE : roll < 83 ? PROVIDER : roll < 91 ? TIME_JUMP : REORG;
        }

        boolean sendsATransaction() {
            return this == GRANT || this == REVOKE || this == PROVIDER;
        }
    }

    private static final class Tally {
        int compared;
        int patientsOnOthersRecords;
        int byIndex;
        int byChain;
        int granteesAllowed;
    }

    /**
     * Replaces the newest block by one holding the same revocation of {@code grantee}'s grant, sent directly, while
     * another thread checks {@code query} without pause, from before the index sees the reorg until after it has
     * indexed the replayed block (both are asserted). Fails with the sampling thread's own failure, if any.
     */
    private List<Sample> sampleAcrossReplayOfTheNewestBlock(AccessQuery query, EthAddress grantee) throws Exception {
        long reorgs = indexer.status().reorgs();
        Queue<Sample> samples = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Future<?> sampler = thread.submit(() -> {
            while (!stop.get()) {
                long reorgsBefore = indexer.status().reorgs();
                ExplainedAccessDecision decision = access.explain(query).block();
                samples.add(new Sample(indexer.status().reorgs() == reorgs, reorgsBefore > reorgs, decision));
            }
            return null;
        });
        try {
            await(() -> sampler.isDone() || !samples.isEmpty(), "a first sample");
            anvil.call("anvil_reorg", 1, List.of(List.of(Map.of("from", PATIENT.address().toString(),
                    "to", deployment.consentRegistry().toString(),
                    "data", ConsentCalls.revoke(grantee, Scope.all(), 1)), 0)));
            await(() -> sampler.isDone() || indexer.status().reorgs() > reorgs && indexedAtChainHead(),
                    "replay of the revocation");
            int beforeReplayIndexed = samples.size();
            await(() -> sampler.isDone() || samples.size() > beforeReplayIndexed, "a sample after the replay");
        } finally {
            stop.set(true);
            thread.shutdown();
        }
        try {
            sampler.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failure) {
            throw new AssertionError("the sampling thread failed", failure.getCause());
        }
        List<Sample> taken = List.copyOf(samples);
        assertThat(taken).as("samples before the index saw the reorg").anyMatch(Sample::beforeRollback);
        assertThat(taken).as("samples after it").anyMatch(Sample::afterRollback);
        return taken;
    }

    /**
     * One check by the sampling thread.
     *
     * @param beforeRollback the index had counted no new reorg when the check ended
     * @param afterRollback the index had counted the reorg before the check began
     */
    private record Sample(boolean beforeRollback, boolean afterRollback, ExplainedAccessDecision decision) {
    }

    private void assertNewestConsentIsTheRevocationIn(EthAddress grantee, long revokedIn) {
        ChainEvent.Consent newest = index.consentEvents(PATIENT.address())
                .filter(e -> e.key().grantee().equals(grantee)).blockFirst();
        assertThat(newest.revoked()).isTrue();
        assertThat(newest.at().blockNumber()).isEqualTo(revokedIn);
        assertThat(newest.at().blockHash()).isEqualToIgnoringCase(anvil.blockHash(revokedIn));
    }

    private static List<Scope> scopes(EthAddress patient) {
        return List.of(Scope.all(), Scope.of(Category.OBSERVATION), Scope.of(Category.ofCode(3)),
                Scope.of(RecordId.of(patient, Category.OBSERVATION, 1)));
    }

    private long chainTime() {
        return Long.decode(anvil.call("eth_getBlockByNumber", "latest", false).get("timestamp").asText());
    }

    /** What {@link AccessRule} says on the projections at the indexed head, without the chain. */
    private IndexAnswer projectionsAlone(AccessQuery query) {
        IndexedBlock head = indexer.status().cursor().orElseThrow();
        var rule = new AccessRule(head.number(), head.time(), Instant.now().getEpochSecond(),
                indexer.settings().confirmations(),
                indexer.settings().doubtSeconds());
        return rule.decide(query, index.grants(query.patient(), query.grantee(), query.action().code(),
                AccessRule.scopesFor(query)).block(), index.provider(query.grantee()).block(), java.util.Set.of());
    }

    private static AccessQuery readQuery(EthAddress grantee) {
        return new AccessQuery(PATIENT.address(), grantee, RecordId.of(PATIENT.address(), Category.OBSERVATION, 1),
                Action.READ);
    }

    private long grantAll(EthAddress grantee) {
        long expiresAt = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
        return anvil.send(PATIENT.address().toString(), deployment.consentRegistry().toString(),
                ConsentCalls.grant(grantee, Scope.all(), 1, Purpose.TREAT.code(), expiresAt));
    }

    /** As a dApp does it: the patient signs, the backend relays; answers the block it was mined in. */
    private long relayRevocation(EthAddress grantee) {
        return minedBlockOf(acceptRevocation(grantee));
    }

    /** The patient signs, the backend accepts it into its outbox: the request's id. */
    private String acceptRevocation(EthAddress grantee) {
        BigInteger nonce = chain.nextNonce(PATIENT.address()).block();
        var message = new RevocationMessage(PATIENT.address(), grantee, Scope.all(), Action.READ, nonce,
                Instant.now().plus(Duration.ofHours(1)));
        var domain = Eip712Domain.consentRegistry(deployment.chainId(), deployment.consentRegistry());
        var signed = new SignedRevocation(message, PATIENT.signer().sign(TypedData.of(domain, message)));
        return relay.relay(PATIENT.address(), signed).block().request().id();
    }

    /** The block the outbox saw request {@code id} mined in; fails if it fails or is not mined within WAIT. */
    private long minedBlockOf(String id) {
        await(() -> {
            ChainRequest request = requests.find(id).block();
            assertThat(request.status()).as("request %s", id).isNotEqualTo(ChainRequestStatus.FAILED);
            return request.transaction().isPresent();
        }, "request " + id + " mined");
        return requests.find(id).block().transaction().orElseThrow().blockNumber();
    }

    private boolean indexAllows(AccessQuery query) {
        return access.check(query).block().allowed();
    }

    private boolean chainAllows(AccessQuery query) {
        return chain.hasAccess(query).block().allowed();
    }

    private void awaitIndexedHead() {
        await(this::indexedAtChainHead, "index at the chain's head");
    }

    private boolean indexedAtChainHead() {
        long head = anvil.headNumber();
        var cursor = indexer.status().cursor();
        return cursor.isPresent() && cursor.get().number() == head
                && cursor.get().hash().equalsIgnoreCase(anvil.blockHash(head))
                && indexer.status().isCurrent(Instant.now(), indexer.settings().freshness());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
