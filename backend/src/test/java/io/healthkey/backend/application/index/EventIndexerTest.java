package io.healthkey.backend.application.index;

import static io.healthkey.backend.application.index.IndexEvents.GRANTEE;
import static io.healthkey.backend.application.index.IndexEvents.PATIENT;
import static io.healthkey.backend.application.index.IndexEvents.grant;
import static io.healthkey.backend.application.index.IndexEvents.revoke;
import static io.healthkey.backend.application.index.IndexEvents.scope;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.protocol.Bytes32;

/** The indexer's polls against a scripted node and an in-memory store: backfill, follow, reorgs, failures. */
class EventIndexerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    private static final IndexSettings SETTINGS = new IndexSettings(1, 0, 16, 4, 64, Duration.ofSeconds(5), 60);

    private final ScriptedChain chain = new ScriptedChain();
    private final InMemoryIndexStore store = new InMemoryIndexStore();
    private final IndexProjections projections = new IndexProjections();

    @Test
    void backfillsThenFollowsAndARestartContinuesFromTheCursor() {
        IndexEvents.mineOneGrantPerBlock(chain, 40);
        EventIndexer indexer = indexer();
        indexer.poll().block();

        assertThat(indexer.status().cursor()).contains(chain.block(40));
        assertThat(indexer.status().eventsIndexed()).isEqualTo(40);
        assertThat(indexer.status().isCurrent(CLOCK.instant(), SETTINGS.freshness())).isTrue();
        assertThat(grants(scope(3))).extracting(GrantState::expiresAt).containsExactly(103L);
        assertThat(store.blockNumbers()).as("the window's headers only").allSatisfy(n -> assertThat(n).isGreaterThan(20))
                .contains(40L);

        chain.mine(revoke(scope(3)));
        EventIndexer restarted = new EventIndexer(chain, store, new IndexProjections(), SETTINGS, CLOCK);
        restarted.poll().block();
        assertThat(restarted.status().eventsIndexed()).as("only the new block read").isEqualTo(1);
        assertThat(store.events()).hasSize(41);
    }

    @Test
    void theNodeIsReadOnTheIndexersOwnThreadsNeverTheSubscribers() {
        IndexEvents.mineOneGrantPerBlock(chain, 40);
        chain.mine();
        EventIndexer indexer = indexer();
        indexer.poll().block();
        chain.fork(1);
        chain.mine(); // same height: found by the tip check

        indexer.poll().block();

        assertThat(indexer.status().reorgs()).isEqualTo(1);
        assertThat(chain.callers()).containsExactlyInAnyOrder("event-indexer", "event-index-reader");
    }

    @Test
    void rollsBackToTheCommonAncestorAndReplaysTheNewBranch() {
        chain.mine(grant(scope(1), 500));
        chain.mine(grant(scope(2), 600));
        chain.mine(revoke(scope(1)));
        chain.mine(grant(scope(2), 700));
        EventIndexer indexer = indexer();
        indexer.poll().block();
        assertThat(grants(scope(1))).extracting(GrantState::revoked).containsExactly(true);

        chain.fork(2); // blocks 3 and 4 are replaced: the revocation and the second grant on scope 2 are gone
        chain.mine();
        chain.mine(grant(scope(9), 900));
        chain.mine();
        indexer.poll().block();

        assertThat(indexer.status().reorgs()).isEqualTo(1);
        assertThat(indexer.status().cursor()).contains(chain.block(5));
        assertThat(grants(scope(1))).as("revocation rolled back").extracting(GrantState::revoked)
                .containsExactly(false);
        assertThat(grants(scope(2))).as("rebuilt from the remaining grant").extracting(GrantState::expiresAt)
                .containsExactly(600L);
        assertThat(grants(scope(9))).extracting(GrantState::blockNumber).containsExactly(4L);
        assertThat(store.events()).extracting(e -> e.at().blockHash())
                .containsExactly(chain.hash(1), chain.hash(2), chain.hash(4));
    }

    @Test
    void aReorgThatKeepsTheHeightIsFoundAtTheTip() {
        chain.mine(grant(scope(1), 500));
        chain.mine(revoke(scope(1)));
        EventIndexer indexer = indexer();
        indexer.poll().block();

        chain.fork(1);
        chain.mine(grant(scope(1), 800)); // same height, another block
        indexer.poll().block();

        assertThat(indexer.status().reorgs()).isEqualTo(1);
        assertThat(indexer.status().cursor()).contains(chain.block(2));
        assertThat(grants(scope(1))).extracting(GrantState::expiresAt, GrantState::revoked)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(800L, false));
    }

    @Test
    void aReorgDeeperThanTheWindowStopsTheIndexWithAFailureInsteadOfGuessing() {
        IndexEvents.mineOneGrantPerBlock(chain, 30);
        EventIndexer indexer = indexer();
        indexer.poll().block();
        chain.fork(25);
        for (int i = 0; i < 26; i++) {
            chain.mine();
        }
        indexer.poll().block();
        assertThat(indexer.status().lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("deeper"));
        assertThat(indexer.status().cursor().map(IndexedBlock::number)).contains(30L);
        assertThat(indexer.status().isCurrent(CLOCK.instant(), SETTINGS.freshness())).isFalse();
        assertThat(store.events()).as("nothing forgotten").hasSize(30);

        chain.fork(1); // now the height matches the index's cursor, whose block is gone
        indexer.poll().block();
        assertThat(indexer.status().lastFailure()).isPresent();
        assertThat(indexer.status().isCurrent(CLOCK.instant(), SETTINGS.freshness())).as("failed poll").isFalse();
    }

    @Test
    void aDenseHistoryIsWrittenInBoundedTransactionsOfWholeBlocks() {
        int blocks = 40;
        int perBlock = 600;
        IndexEvents.mineDenseHistory(chain, blocks, perBlock);
        EventIndexer indexer = indexer();

        indexer.poll().block();

        assertThat(indexer.status().cursor().map(IndexedBlock::number)).contains((long) blocks);
        assertThat(indexer.status().eventsIndexed()).isEqualTo(blocks * perBlock);
        assertThat(store.appendSizes()).as("events per transaction, whole blocks")
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(CommitCutter.EVENTS_PER_COMMIT + perBlock))
                .allSatisfy(n -> assertThat(n % perBlock).isZero())
                .hasSizeGreaterThan(blocks * perBlock / (CommitCutter.EVENTS_PER_COMMIT + perBlock));
        assertThat(store.events()).as("each event once, in chain order").hasSize(blocks * perBlock)
                .isSortedAccordingTo((a, b) -> a.at().blockNumber() != b.at().blockNumber()
                        ? Long.compare(a.at().blockNumber(), b.at().blockNumber())
                        : Integer.compare(a.at().logIndex(), b.at().logIndex()));
    }

    @Test
    void halvesTheLogRangeWhenTheNodeRefusesIt() {
        IndexEvents.mineOneGrantPerBlock(chain, 50);
        chain.maxLogRange = 3;
        EventIndexer indexer = indexer();
        indexer.poll().block();
        assertThat(indexer.status().cursor().map(IndexedBlock::number)).contains(50L);
        assertThat(indexer.status().eventsIndexed()).isEqualTo(50);
        assertThat(chain.largestAnsweredRange).isLessThanOrEqualTo(3);
    }

    @Test
    void aStoreThatIsDownFailsThePollQuietlyAndTheNextPollResumes() {
        chain.mine(grant(scope(1), 500));
        store.failing = true;
        EventIndexer indexer = indexer();

        indexer.poll().block();

        assertThat(indexer.status().lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("database down"));
        assertThat(indexer.status().isCurrent(CLOCK.instant(), SETTINGS.freshness())).isFalse();
        assertThat(projections.isLoaded()).as("checks read the stored events meanwhile").isFalse();

        store.failing = false;
        indexer.poll().block();
        assertThat(indexer.status().lastFailure()).isEmpty();
        assertThat(indexer.status().isCurrent(CLOCK.instant(), SETTINGS.freshness())).isTrue();
        assertThat(grants(scope(1))).extracting(GrantState::expiresAt).containsExactly(500L);
    }

    private EventIndexer indexer() {
        return new EventIndexer(chain, store, projections, SETTINGS, CLOCK);
    }

    private List<GrantState> grants(Bytes32 scope) {
        assertThat(projections.isLoaded()).isTrue();
        return projections.grants(PATIENT, GRANTEE, 1, List.of(scope));
    }
}
