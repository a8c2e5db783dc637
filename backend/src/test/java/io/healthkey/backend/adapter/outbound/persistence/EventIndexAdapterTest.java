package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactories;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import io.healthkey.backend.application.index.ChainEventSourcePort;
import io.healthkey.backend.application.index.EventIndexStorePort;
import io.healthkey.backend.application.index.CommitCutter;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;

/**
 * {@link EventIndexer} on the real R2DBC store (H2, V5 migrated) against a scripted chain whose branches can be
 * switched: backfill, follow, restart from the cursor, reorgs rolled back and replayed, refused log ranges.
 */
class EventIndexAdapterTest {

    private static final EthAddress CONSENT = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static final EthAddress PATIENT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final EthAddress GRANTEE = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    private static final IndexSettings SETTINGS = new IndexSettings(1, 0, 16, 4, 64, Duration.ofSeconds(5), 60);

    private EventIndexAdapter store;
    private DatabaseClient database;
    private ScriptedChain chain;

    @BeforeEach
    void database() {
        String name = "index-" + UUID.randomUUID();
        Flyway.configure().dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "").load().migrate();
        database = DatabaseClient.create(ConnectionFactories.get("r2dbc:h2:mem://sa@/" + name + "?DB_CLOSE_DELAY=-1"));
        store = new EventIndexAdapter(database);
        chain = new ScriptedChain();
    }

    @Test
    void backfillsThenFollowsAndARestartContinuesFromTheCursor() {
        for (int i = 0; i < 40; i++) {
            chain.mine(grant(scope(i), 100 + i));
        }
        EventIndexer indexer = new EventIndexer(chain, store, SETTINGS, CLOCK);
        indexer.poll();
        assertThat(indexer.status().cursor().map(IndexedBlock::number)).contains(40L);
        assertThat(indexer.status().eventsIndexed()).isEqualTo(40);
        assertThat(indexer.status().isCurrent(CLOCK.instant(), SETTINGS.freshness())).isTrue();
        assertThat(grants(scope(3))).extracting(GrantState::expiresAt).containsExactly(103L);
        assertThat(store.block(40)).isPresent();
        assertThat(store.block(10)).as("below the window: no header kept").isEmpty();

        chain.mine(revoke(scope(3)));
        EventIndexer restarted = new EventIndexer(chain, store, SETTINGS, CLOCK);
        restarted.poll();
        assertThat(restarted.status().eventsIndexed()).as("only the new block read").isEqualTo(1);
        assertThat(grants(scope(3))).extracting(GrantState::revoked).containsExactly(true);
    }

    @Test
    void rollsBackToTheCommonAncestorAndReplaysTheNewBranch() {
        chain.mine(grant(scope(1), 500));
        chain.mine(grant(scope(2), 600));
        chain.mine(revoke(scope(1)));
        chain.mine(grant(scope(2), 700));
        EventIndexer indexer = new EventIndexer(chain, store, SETTINGS, CLOCK);
        indexer.poll();
        assertThat(grants(scope(1))).extracting(GrantState::revoked).containsExactly(true);
        assertThat(grants(scope(2))).extracting(GrantState::expiresAt).containsExactly(700L);

        chain.fork(2); // blocks 3 and 4 are replaced: the revocation and the second grant on scope 2 are gone
        chain.mine();
        chain.mine(grant(scope(9), 900));
        chain.mine();
        indexer.poll();

        assertThat(indexer.status().reorgs()).isEqualTo(1);
        assertThat(indexer.status().cursor().map(IndexedBlock::hash)).contains(chain.hash(5));
        assertThat(grants(scope(1))).as("revocation rolled back").extracting(GrantState::revoked)
                .containsExactly(false);
        assertThat(grants(scope(2))).as("rebuilt from the remaining grant").extracting(GrantState::expiresAt)
                .containsExactly(600L);
        assertThat(grants(scope(9))).extracting(GrantState::blockNumber).containsExactly(4L);
        assertThat(store.consentEvents(PATIENT).collectList().block())
                .extracting(e -> e.at().blockNumber() + "@" + e.at().blockTime() + " " + e.at().blockHash())
                .as("the new branch's events, with their blocks' times")
                .containsExactly("4@1004 " + chain.hash(4), "2@1002 " + chain.hash(2), "1@1001 " + chain.hash(1));
        var tablesOnly = new EventIndexAdapter(database); // its in-memory copy is not loaded: it reads the tables
        for (int scope : new int[] {1, 2, 9}) {
            assertThat(tablesOnly.grants(PATIENT, GRANTEE, 1, List.of(scope(scope))).block())
                    .as("tables and in-memory copy, scope %d", scope).isEqualTo(grants(scope(scope)));
        }
    }

    @Test
    void aRestartedStoreFoldsTheSameProjectionsFromTheStoredEvents() {
        chain.mine(grant(scope(1), 500), grant(scope(2), 600), suspend(GRANTEE));
        chain.mine(revoke(scope(1)), grant(scope(2), 650), reinstate(GRANTEE));
        chain.mine(grant(scope(3), 700), suspend(PATIENT));
        new EventIndexer(chain, store, SETTINGS, CLOCK).poll();

        var restarted = new EventIndexAdapter(database);
        var readsEvents = new EventIndexAdapter(database); // cursor() never called: answers by query
        assertThat(restarted.cursor().map(IndexedBlock::number)).contains(3L);
        List<Bytes32> scopes = List.of(scope(1), scope(2), scope(3), scope(4));
        List<GrantState> expected = List.of(new GrantState(scope(1), 0, true, 2), new GrantState(scope(2), 650, false, 2),
                new GrantState(scope(3), 700, false, 3));
        assertThat(store.grants(PATIENT, GRANTEE, 1, scopes).block()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(restarted.grants(PATIENT, GRANTEE, 1, scopes).block()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(readsEvents.grants(PATIENT, GRANTEE, 1, scopes).block()).containsExactlyInAnyOrderElementsOf(expected);
        for (var reader : List.of(store, restarted, readsEvents)) {
            assertThat(reader.provider(GRANTEE).block()).contains(new ProviderState(ProviderStatus.ACTIVE, 2));
            assertThat(reader.provider(PATIENT).block()).contains(new ProviderState(ProviderStatus.SUSPENDED, 3));
            assertThat(reader.provider(CONSENT).block()).isEmpty();
        }
    }

    @Test
    void aRollbackForgetsSlotsAndProvidersWhoseOnlyEventsItRemoved() {
        chain.mine(grant(scope(1), 500), suspend(GRANTEE));
        chain.mine(grant(scope(5), 900), reinstate(GRANTEE), suspend(PATIENT));
        EventIndexer indexer = new EventIndexer(chain, store, SETTINGS, CLOCK);
        indexer.poll();
        assertThat(grants(scope(5))).hasSize(1);

        chain.fork(1);
        chain.mine();
        chain.mine();
        indexer.poll();

        assertThat(indexer.status().reorgs()).isEqualTo(1);
        var readsEvents = new EventIndexAdapter(database);
        for (var reader : List.of(store, readsEvents)) {
            assertThat(reader.grants(PATIENT, GRANTEE, 1, List.of(scope(1), scope(5))).block())
                    .containsExactly(new GrantState(scope(1), 500, false, 1));
            assertThat(reader.provider(GRANTEE).block()).contains(new ProviderState(ProviderStatus.SUSPENDED, 1));
            assertThat(reader.provider(PATIENT).block()).isEmpty();
        }
    }

    @Test
    void aReorgThatKeepsTheHeightIsFoundAtTheTip() {
        chain.mine(grant(scope(1), 500));
        chain.mine(revoke(scope(1)));
        EventIndexer indexer = new EventIndexer(chain, store, SETTINGS, CLOCK);
        indexer.poll();
        assertThat(grants(scope(1))).extracting(GrantState::revoked).containsExactly(true);

        chain.fork(1);
        chain.mine(grant(scope(1), 800)); // same height, another block

        indexer.poll();
        assertThat(indexer.status().reorgs()).isEqualTo(1);
        assertThat(indexer.status().cursor().map(IndexedBlock::hash)).contains(chain.hash(2));
        assertThat(grants(scope(1))).extracting(GrantState::expiresAt, GrantState::revoked)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(800L, false));
    }

    @Test
    void aReorgDeeperThanTheWindowStopsTheIndexWithAFailureInsteadOfGuessing() {
        for (int i = 0; i < 30; i++) {
            chain.mine(grant(scope(i), 100 + i));
        }
        EventIndexer indexer = new EventIndexer(chain, store, SETTINGS, CLOCK);
        indexer.poll();
        chain.fork(25);
        for (int i = 0; i < 26; i++) {
            chain.mine();
        }
        indexer.poll();
        assertThat(indexer.status().lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("deeper"));
        assertThat(indexer.status().cursor().map(IndexedBlock::number)).contains(30L);
        assertThat(indexer.status().isCurrent(CLOCK.instant(), SETTINGS.freshness())).isFalse();

        chain.fork(1); // now the height matches the index's cursor, whose block is gone
        indexer.poll();
        assertThat(indexer.status().lastFailure()).isPresent();
        assertThat(indexer.status().isCurrent(CLOCK.instant(), SETTINGS.freshness())).as("failed poll").isFalse();
    }

    @Test
    void aDenseHistoryIsWrittenInBoundedTransactionsWithoutLosingOrRepeatingAnEvent() {
        int blocks = 40;
        int perBlock = 600;
        for (int b = 0; b < blocks; b++) {
            Pending[] inBlock = new Pending[perBlock];
            for (int i = 0; i < perBlock; i++) {
                inBlock[i] = grant(scope(b * perBlock + i), 1_000 + b);
            }
            chain.mine(inBlock);
        }
        List<Integer> appended = new ArrayList<>();
        EventIndexer indexer = new EventIndexer(chain, recordingAppends(appended), SETTINGS, CLOCK);

        indexer.poll();

        assertThat(indexer.status().cursor().map(IndexedBlock::number)).contains((long) blocks);
        assertThat(indexer.status().eventsIndexed()).isEqualTo(blocks * perBlock);
        assertThat(appended).as("events per transaction, whole blocks")
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(CommitCutter.EVENTS_PER_COMMIT + perBlock))
                .allSatisfy(n -> assertThat(n % perBlock).isZero())
                .hasSizeGreaterThan(blocks * perBlock / (CommitCutter.EVENTS_PER_COMMIT + perBlock));
        assertThat(store.consentEvents(PATIENT).count().block()).isEqualTo((long) blocks * perBlock);
        assertThat(grants(scope(blocks * perBlock - 1))).extracting(GrantState::expiresAt)
                .containsExactly(1_000L + blocks - 1);
        assertThat(store.block(blocks - SETTINGS.window() + 1)).as("the window's headers").isPresent();
    }

    @Test
    void halvesTheLogRangeWhenTheNodeRefusesIt() {
        for (int i = 0; i < 50; i++) {
            chain.mine(grant(scope(i), 100 + i));
        }
        chain.maxLogRange = 3;
        EventIndexer indexer = new EventIndexer(chain, store, SETTINGS, CLOCK);
        indexer.poll();
        assertThat(indexer.status().cursor().map(IndexedBlock::number)).contains(50L);
        assertThat(indexer.status().eventsIndexed()).isEqualTo(50);
        assertThat(chain.largestAnsweredRange).isLessThanOrEqualTo(3);
    }

    /** The store, noting the number of events of each append. */
    private EventIndexStorePort recordingAppends(List<Integer> sizes) {
        return new EventIndexStorePort() {
            @Override
            public Optional<IndexedBlock> cursor() {
                return store.cursor();
            }

            @Override
            public Optional<IndexedBlock> block(long number) {
                return store.block(number);
            }

            @Override
            public void append(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor) {
                sizes.add(events.size());
                store.append(recentBlocks, events, cursor);
            }

            @Override
            public void rollbackTo(IndexedBlock ancestor) {
                store.rollbackTo(ancestor);
            }

            @Override
            public void pruneBlocksBelow(long number) {
                store.pruneBlocksBelow(number);
            }
        };
    }

    private List<GrantState> grants(Bytes32 scope) {
        return store.grants(PATIENT, GRANTEE, 1, List.of(scope)).block();
    }

    private static Bytes32 scope(int category) {
        return Bytes32.fromUint256(java.math.BigInteger.valueOf(category));
    }

    private static Pending grant(Bytes32 scope, long expiresAt) {
        return at -> new ChainEvent.Consent(at, CONSENT, new GrantKey(PATIENT, GRANTEE, scope, 1), 1, expiresAt,
                false);
    }

    private static Pending revoke(Bytes32 scope) {
        return at -> new ChainEvent.Consent(at, CONSENT, new GrantKey(PATIENT, GRANTEE, scope, 1), 0, 0, true);
    }

    private static Pending suspend(EthAddress provider) {
        return at -> new ChainEvent.Provider(at, CONSENT, "ProviderSuspended", provider, ProviderStatus.SUSPENDED, 2,
                Optional.empty());
    }

    private static Pending reinstate(EthAddress provider) {
        return at -> new ChainEvent.Provider(at, CONSENT, "ProviderReinstated", provider, ProviderStatus.ACTIVE, 0,
                Optional.empty());
    }

    private interface Pending {
        ChainEvent at(LogPosition position);
    }

    /** A chain of one-event-or-empty blocks whose tip can be replaced; hashes name the branch. */
    private static final class ScriptedChain implements ChainEventSourcePort {

        private final List<IndexedBlock> blocks = new ArrayList<>();
        private final Map<Long, List<ChainEvent>> events = new HashMap<>();
        private int branch;
        int maxLogRange = Integer.MAX_VALUE;
        long largestAnsweredRange;

        ScriptedChain() {
            blocks.add(new IndexedBlock(0, hashOf(0, 0), hashOf(-1, -1), 1_000));
        }

        void mine(Pending... pending) {
            long number = blocks.size();
            IndexedBlock block = new IndexedBlock(number, hashOf(branch, number), blocks.get((int) number - 1).hash(),
                    1_000 + number);
            blocks.add(block);
            List<ChainEvent> inBlock = new ArrayList<>();
            for (int i = 0; i < pending.length; i++) {
                inBlock.add(pending[i].at(new LogPosition(number, i, block.hash(), hashOf(branch + 1000, number),
                        block.time())));
            }
            events.put(number, inBlock);
        }

        /** Drops the newest {@code depth} blocks: what is mined next is another branch. */
        void fork(int depth) {
            branch++;
            for (int i = 0; i < depth; i++) {
                events.remove((long) blocks.size() - 1);
                blocks.remove(blocks.size() - 1);
            }
        }

        String hash(long number) {
            return blocks.get((int) number).hash();
        }

        @Override
        public long headNumber() {
            return blocks.size() - 1;
        }

        @Override
        public List<IndexedBlock> blocks(long from, long to) {
            return blocks.subList((int) from, (int) Math.min(to, headNumber()) + 1);
        }

        @Override
        public List<ChainEvent> events(long from, long to) {
            if (to - from + 1 > maxLogRange) {
                throw new IllegalStateException("query returned more than 10000 results");
            }
            largestAnsweredRange = Math.max(largestAnsweredRange, to - from + 1);
            List<ChainEvent> found = new ArrayList<>();
            for (long n = from; n <= Math.min(to, headNumber()); n++) {
                found.addAll(events.getOrDefault(n, List.of()));
            }
            return found;
        }

        private static String hashOf(long branch, long number) {
            byte[] bytes = new byte[32];
            java.nio.ByteBuffer.wrap(bytes).putLong(8, branch).putLong(24, number);
            return Hex.encode(bytes);
        }
    }
}
