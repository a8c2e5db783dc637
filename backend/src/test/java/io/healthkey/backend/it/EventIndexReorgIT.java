package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.application.consent.RelayConsentUseCase;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
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

    private static AnvilChain anvil;

    @Autowired
    EventIndexer indexer;
    @Autowired
    AccessCheckUseCase access;
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
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger samples = new AtomicInteger();
        AtomicInteger active = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            for (int i = 0; i < 5_000 && !stop.get(); i++) {
                samples.incrementAndGet();
                if (indexAllows(query)) {
                    active.incrementAndGet();
                }
            }
        });
        sampler.start();
        try {
            awaitIndexedHead();
            long reorgs = indexer.status().reorgs();
            // the revocation's block is replaced by one holding the same revocation, sent directly this time
            anvil.call("anvil_reorg", 1, List.of(List.of(Map.of("from", PATIENT.address().toString(),
                    "to", deployment.consentRegistry().toString(),
                    "data", ConsentCalls.revoke(grantee, Scope.all(), 1)), 0)));
            await(() -> indexer.status().reorgs() > reorgs && indexedAtChainHead(), "replay of the revocation");
        } finally {
            stop.set(true);
            sampler.join(WAIT.toMillis());
        }
        assertThat(samples.get()).isPositive();
        assertThat(active.get()).as("checks that read the revoked grant as active").isZero();
        ChainEvent.Consent newest = index.consentEvents(PATIENT.address())
                .filter(e -> e.key().grantee().equals(grantee)).blockFirst();
        assertThat(newest.revoked()).isTrue();
        assertThat(newest.at().blockNumber()).isEqualTo(revokedIn);
        assertThat(newest.at().blockHash()).isEqualToIgnoringCase(anvil.blockHash(revokedIn));

        // and when the revocation is reorged away for good, the grant it revoked is active again, on both sides
        long reorgs = indexer.status().reorgs();
        anvil.call("anvil_reorg", 1, List.of());
        await(() -> indexer.status().reorgs() > reorgs && indexedAtChainHead(), "rollback of the revocation");
        assertThat(chainAllows(query)).isTrue();
        assertThat(indexAllows(query)).isTrue();
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
     * The index's answers equal {@code hasAccess} by {@code eth_call} for random grants and revocations on every
     * scope kind, both actions, expiries before, near and after the chain's time, and providers accredited,
     * suspended and reinstated. Each answer is also worked out from the projections alone: most are the index's own.
     */
    @Test
    void indexAnswersEqualHasAccessForRandomGrantsRevocationsExpiriesAndProviders() {
        Random random = new Random(20261126);
        List<EthAddress> patients = List.of(EthAddress.parse(anvil.account(4)), EthAddress.parse(anvil.account(5)));
        List<EthAddress> grantees = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            grantees.add(Wallet.create().address());
        }
        String accreditor = anvil.account(0);
        String directory = deployment.participantDirectory().toString();
        for (int i = 0; i < 3; i++) {
            anvil.send(accreditor, directory, ConsentCalls.accredit(grantees.get(i), "Clinic " + i));
        }
        anvil.send(accreditor, directory, ConsentCalls.suspend(grantees.get(1), 1));
        anvil.send(accreditor, directory, ConsentCalls.suspend(grantees.get(2), 1));
        anvil.send(accreditor, directory, ConsentCalls.reinstate(grantees.get(2)));

        int granted = 0;
        int revoked = 0;
        for (int op = 0; op < 150; op++) {
            EthAddress patient = patients.get(random.nextInt(patients.size()));
            EthAddress grantee = grantees.get(random.nextInt(grantees.size()));
            Scope scope = scopes(patient).get(random.nextInt(4));
            int action = 1 + random.nextInt(2);
            String consent = deployment.consentRegistry().toString();
            if (random.nextInt(4) == 0) {
                try {
                    anvil.send(patient.toString(), consent, ConsentCalls.revoke(grantee, scope, action));
                    revoked++;
                } catch (IllegalStateException nothingToRevoke) {
                    // ConsentRegistryNoSuchGrant: the random key held no live grant
                }
            } else {
                long[] lifetimes = {30, 90, 300, 1_200, 86_400};
                long expiresAt = chainTime() + lifetimes[random.nextInt(lifetimes.length)];
                anvil.send(patient.toString(), consent, ConsentCalls.grant(grantee, scope, action,
                        Purpose.TREAT.code(), expiresAt));
                granted++;
            }
        }
        anvil.call("evm_increaseTime", 600);
        anvil.mine(2); // the time jump, and the confirmations every grant needs
        awaitIndexedHead();

        int compared = 0;
        int allowed = 0;
        int askedChain = 0;
        for (EthAddress patient : patients) {
            EthAddress other = patients.get(0).equals(patient) ? patients.get(1) : patients.get(0);
            List<RecordId> records = List.of(RecordId.of(patient, Category.OBSERVATION, 1),
                    RecordId.of(patient, Category.OBSERVATION, 2), RecordId.of(patient, Category.ofCode(3), 2),
                    RecordId.of(other, Category.OBSERVATION, 1));
            List<EthAddress> askers = new ArrayList<>(grantees);
            askers.add(patient);
            for (EthAddress grantee : askers) {
                for (RecordId record : records) {
                    for (Action action : Action.values()) {
                        var query = new AccessQuery(patient, grantee, record, action);
                        boolean chainSays = chainAllows(query);
                        assertThat(indexAllows(query)).as("%s", query).isEqualTo(chainSays);
                        if (projectionsAlone(query) == IndexAnswer.ASK_CHAIN) {
                            askedChain++;
                        }
                        compared++;
                        allowed += chainSays ? 1 : 0;
                    }
                }
            }
        }
        assertThat(granted).isGreaterThan(80);
        assertThat(revoked).isPositive();
        assertThat(allowed).as("allowed answers").isBetween(compared / 10, compared - compared / 10);
        assertThat(askedChain).as("answers the index left to the chain").isLessThan(compared / 10);
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
