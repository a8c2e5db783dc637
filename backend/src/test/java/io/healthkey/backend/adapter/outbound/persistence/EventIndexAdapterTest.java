package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.application.index.IndexEvents.CONSENT;
import static io.healthkey.backend.application.index.IndexEvents.GRANTEE;
import static io.healthkey.backend.application.index.IndexEvents.PATIENT;
import static io.healthkey.backend.application.index.IndexEvents.grant;
import static io.healthkey.backend.application.index.IndexEvents.reinstate;
import static io.healthkey.backend.application.index.IndexEvents.revoke;
import static io.healthkey.backend.application.index.IndexEvents.scope;
import static io.healthkey.backend.application.index.IndexEvents.suspend;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactories;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.application.index.IndexEvents;
import io.healthkey.backend.application.index.IndexLookups;
import io.healthkey.backend.application.index.IndexProjections;
import io.healthkey.backend.application.index.ScriptedChain;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.protocol.Bytes32;

/**
 * The R2DBC store (H2, migrated) under the real {@link EventIndexer}, against a scripted chain whose branches can be
 * switched: what it stores and loads back after backfill, restart and rollback, and that its tables answer every
 * lookup as the projections folded from what it loads do.
 */
class EventIndexAdapterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    private static final IndexSettings SETTINGS = new IndexSettings(1, 0, 16, 4, 64, Duration.ofSeconds(5), 60);

    private EventIndexAdapter store;
    private final ScriptedChain chain = new ScriptedChain();
    private final IndexProjections projections = new IndexProjections();
    private IndexLookups inMemory;

    @BeforeEach
    void database() {
        String name = "index-" + UUID.randomUUID();
        Flyway.configure().dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "").load().migrate();
        store = new EventIndexAdapter(
                DatabaseClient.create(ConnectionFactories.get("r2dbc:h2:mem://sa@/" + name + "?DB_CLOSE_DELAY=-1")));
        inMemory = new IndexLookups(projections, store);
    }

    @Test
    void backfillsThenFollowsAndARestartContinuesFromTheStoredCursor() {
        IndexEvents.mineOneGrantPerBlock(chain, 40);
        EventIndexer indexer = indexer();
        indexer.poll().block();
        assertThat(indexer.status().cursor()).contains(chain.block(40));
        assertThat(indexer.status().eventsIndexed()).isEqualTo(40);
        assertThat(store.cursor().block()).isEqualTo(chain.block(40));
        assertThat(store.recentBlock(40).block()).isEqualTo(chain.block(40));
        assertThat(store.recentBlock(10).blockOptional()).as("below the window: no header kept").isEmpty();

        chain.mine(revoke(scope(3)));
        var restartedProjections = new IndexProjections();
        EventIndexer restarted = new EventIndexer(chain, store, restartedProjections, SETTINGS, CLOCK);
        restarted.poll().block();
        assertThat(restarted.status().eventsIndexed()).as("only the new block read").isEqualTo(1);
        assertThat(store.consentEvents(PATIENT).count().block()).isEqualTo(41);
        assertThat(new IndexLookups(restartedProjections, store).grants(PATIENT, GRANTEE, 1, List.of(scope(3))).block())
                .extracting(GrantState::revoked).containsExactly(true);
    }

    @Test
    void rollsBackToTheCommonAncestorAndKeepsTheNewBranchsEventsWithTheirBlocksTimes() {
        chain.mine(grant(scope(1), 500));
        chain.mine(grant(scope(2), 600));
        chain.mine(revoke(scope(1)));
        chain.mine(grant(scope(2), 700));
        EventIndexer indexer = indexer();
        indexer.poll().block();

        chain.fork(2); // blocks 3 and 4 are replaced: the revocation and the second grant on scope 2 are gone
        chain.mine();
        chain.mine(grant(scope(9), 900));
        chain.mine();
        indexer.poll().block();

        assertThat(indexer.status().reorgs()).isEqualTo(1);
        assertThat(store.cursor().block()).isEqualTo(chain.block(5));
        assertThat(store.consentEvents(PATIENT).collectList().block())
                .extracting(e -> e.at().blockNumber() + "@" + e.at().blockTime() + " " + e.at().blockHash())
                .as("the new branch's events, with their blocks' times")
                .containsExactly("4@1004 " + chain.hash(4), "2@1002 " + chain.hash(2), "1@1001 " + chain.hash(1));
        assertThat(grants(scope(1))).as("revocation rolled back").extracting(GrantState::revoked)
                .containsExactly(false);
        assertThat(grants(scope(2))).as("rebuilt from the remaining grant").extracting(GrantState::expiresAt)
                .containsExactly(600L);
        assertTablesAnswerAsTheProjections(List.of(scope(1), scope(2), scope(9)));
    }

    @Test
    void theStoredHistoriesFoldIntoTheProjectionsTheIndexerKept() {
        chain.mine(grant(scope(1), 500), grant(scope(2), 600), suspend(GRANTEE));
        chain.mine(revoke(scope(1)), grant(scope(2), 650), reinstate(GRANTEE));
        chain.mine(grant(scope(3), 700), suspend(PATIENT));
        indexer().poll().block();

        var folded = new IndexProjections();
        new EventIndexer(chain, store, folded, SETTINGS, CLOCK).poll().block();
        var restarted = new IndexLookups(folded, store);

        List<Bytes32> scopes = List.of(scope(1), scope(2), scope(3), scope(4));
        List<GrantState> expected = List.of(new GrantState(scope(1), 0, true, 2),
                new GrantState(scope(2), 650, false, 2), new GrantState(scope(3), 700, false, 3));
        for (var reader : List.of(inMemory, restarted)) {
            assertThat(reader.grants(PATIENT, GRANTEE, 1, scopes).block()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(reader.provider(GRANTEE).block()).contains(new ProviderState(ProviderStatus.ACTIVE, 2));
            assertThat(reader.provider(PATIENT).block()).contains(new ProviderState(ProviderStatus.SUSPENDED, 3));
            assertThat(reader.provider(CONSENT).block()).isEmpty();
        }
        assertTablesAnswerAsTheProjections(scopes);
    }

    @Test
    void aRollbackForgetsSlotsAndProvidersWhoseOnlyEventsItRemoved() {
        chain.mine(grant(scope(1), 500), suspend(GRANTEE));
        chain.mine(grant(scope(5), 900), reinstate(GRANTEE), suspend(PATIENT));
        EventIndexer indexer = indexer();
        indexer.poll().block();
        assertThat(grants(scope(5))).hasSize(1);

        chain.fork(1);
        chain.mine();
        chain.mine();
        indexer.poll().block();

        assertThat(indexer.status().reorgs()).isEqualTo(1);
        assertThat(inMemory.grants(PATIENT, GRANTEE, 1, List.of(scope(1), scope(5))).block())
                .containsExactly(new GrantState(scope(1), 500, false, 1));
        assertThat(inMemory.provider(GRANTEE).block()).contains(new ProviderState(ProviderStatus.SUSPENDED, 1));
        assertThat(inMemory.provider(PATIENT).block()).isEmpty();
        assertTablesAnswerAsTheProjections(List.of(scope(1), scope(5)));
    }

    @Test
    void aDenseHistoryIsStoredWholeInMultiRowInserts() {
        int blocks = 40;
        int perBlock = 600;
        IndexEvents.mineDenseHistory(chain, blocks, perBlock);
        EventIndexer indexer = indexer();

        indexer.poll().block();

        assertThat(indexer.status().eventsIndexed()).isEqualTo(blocks * perBlock);
        assertThat(store.consentEvents(PATIENT).count().block()).isEqualTo((long) blocks * perBlock);
        assertThat(grants(scope(blocks * perBlock - 1))).extracting(GrantState::expiresAt)
                .containsExactly(1_000L + blocks - 1);
        assertThat(store.recentBlock(blocks - SETTINGS.window() + 1).blockOptional()).as("the window's headers").isPresent();
        assertThat(store.recentBlock(blocks - SETTINGS.window() - 1).blockOptional()).as("pruned below it").isEmpty();
        assertTablesAnswerAsTheProjections(List.of(scope(0), scope(blocks * perBlock - 1)));
    }

    private EventIndexer indexer() {
        return new EventIndexer(chain, store, projections, SETTINGS, CLOCK);
    }

    private List<GrantState> grants(Bytes32 scope) {
        return inMemory.grants(PATIENT, GRANTEE, 1, List.of(scope)).block();
    }

    /** The adapter's own lookups (by query on the events) agree with the projections, slot by slot. */
    private void assertTablesAnswerAsTheProjections(List<Bytes32> scopes) {
        for (Bytes32 scope : scopes) {
            assertThat(store.grants(PATIENT, GRANTEE, 1, List.of(scope)).block())
                    .as("tables and projections, scope %s", scope).isEqualTo(grants(scope));
        }
        assertThat(store.provider(GRANTEE).block()).isEqualTo(inMemory.provider(GRANTEE).block());
        assertThat(store.provider(PATIENT).block()).isEqualTo(inMemory.provider(PATIENT).block());
    }
}
