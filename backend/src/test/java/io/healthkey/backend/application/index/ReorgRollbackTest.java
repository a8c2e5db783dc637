package io.healthkey.backend.application.index;

import static io.healthkey.backend.application.index.IndexEvents.GRANTEE;
import static io.healthkey.backend.application.index.IndexEvents.PATIENT;
import static io.healthkey.backend.application.index.IndexEvents.grant;
import static io.healthkey.backend.application.index.IndexEvents.reinstate;
import static io.healthkey.backend.application.index.IndexEvents.revoke;
import static io.healthkey.backend.application.index.IndexEvents.scope;
import static io.healthkey.backend.application.index.IndexEvents.suspend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexStatus;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.ProviderState;

/** Finding the common ancestor after a reorg, rolling the store back to it, patching the projections. */
class ReorgRollbackTest {

    private static final IndexSettings SETTINGS = new IndexSettings(1, 0, 16, 4, 64, Duration.ofSeconds(5), 60);

    private final ScriptedChain chain = new ScriptedChain();
    private final InMemoryIndexStore store = new InMemoryIndexStore();
    private final IndexProjections projections = new IndexProjections();
    private final IndexProgress progress = new IndexProgress(SETTINGS.startBlock());
    private final ReorgRollback rollback = new ReorgRollback(chain, store, projections, progress, SETTINGS,
            new IndexThreads());

    @Test
    void rollsBackToTheNewestStoredBlockTheNodeStillHasAndPatchesOnlyTheKeysItTouched() {
        chain.mine(grant(scope(1), 500), grant(scope(7), 700), suspend(GRANTEE));
        chain.mine(grant(scope(2), 600));
        chain.mine(revoke(scope(1)), reinstate(GRANTEE), suspend(PATIENT));
        chain.mine(grant(scope(2), 650), grant(scope(5), 900));
        IndexedBlock cursor = indexAll();
        chain.fork(2);
        chain.mine();

        rollback.rollBack(cursor).block();

        assertThat(store.cursor().block()).isEqualTo(chain.block(2));
        assertThat(progress.cursor()).contains(chain.block(2));
        assertThat(progress.status().reorgs()).isEqualTo(1);
        assertThat(projections.grants(PATIENT, GRANTEE, 1, List.of(scope(1), scope(2), scope(5), scope(7))))
                .containsExactly(new GrantState(scope(1), 500, false, 1), new GrantState(scope(2), 600, false, 2),
                        new GrantState(scope(7), 700, false, 1));
        assertThat(projections.provider(GRANTEE)).contains(new ProviderState(ProviderStatus.SUSPENDED, 1));
        assertThat(projections.provider(PATIENT)).isEmpty();
    }

    @Test
    void theStatusStopsVouchingForTheIndexBeforeTheStoreForgetsAnything() {
        chain.mine(grant(scope(1), 500));
        chain.mine(revoke(scope(1)));
        IndexedBlock cursor = indexAll();
        chain.fork(1);
        chain.mine();
        AtomicReference<IndexStatus> seenByTheStore = new AtomicReference<>();
        store.beforeRollback(ancestor -> seenByTheStore.set(progress.status()));

        rollback.rollBack(cursor).block();

        assertThat(seenByTheStore.get().cursor()).contains(chain.block(1));
        assertThat(seenByTheStore.get().reorgs()).isEqualTo(1);
    }

    @Test
    void aReorgDeeperThanTheWindowFailsAndChangesNothing() {
        IndexEvents.mineOneGrantPerBlock(chain, 30);
        IndexedBlock cursor = indexAll();
        chain.fork(20);
        chain.mine();

        assertThatThrownBy(() -> rollback.rollBack(cursor).block()).hasMessageContaining("deeper than the 16-block");

        assertThat(store.cursor().block()).isEqualTo(cursor);
        assertThat(store.events()).hasSize(30);
        assertThat(progress.status().reorgs()).isZero();
    }

    @Test
    void theTipCheckRollsBackOnlyWhenTheLastIndexedBlockIsGone() {
        chain.mine(grant(scope(1), 500));
        chain.mine(revoke(scope(1)));
        indexAll();

        rollback.verifyTip().block();
        assertThat(progress.status().reorgs()).as("tip still on chain").isZero();

        chain.fork(1);
        chain.mine(); // same height, another block
        rollback.verifyTip().block();
        assertThat(progress.status().reorgs()).isEqualTo(1);
        assertThat(progress.cursor()).contains(chain.block(1));
        assertThat(projections.grants(PATIENT, GRANTEE, 1, List.of(scope(1))))
                .extracting(GrantState::revoked).containsExactly(false);
    }

    /** Stores every mined block (headers and events) as one append and folds the projections from them. */
    private IndexedBlock indexAll() {
        long head = chain.headNumber();
        List<IndexedBlock> blocks = chain.blocks(1, head);
        IndexedBlock cursor = blocks.get(blocks.size() - 1);
        var events = chain.events(1, head);
        store.append(blocks, events, cursor).block();
        projections.load(store.grantHistory(), store.providerHistory()).block();
        progress.resumedAt(Optional.of(cursor));
        return cursor;
    }
}
