package io.healthkey.backend.application.index;

import static io.healthkey.backend.application.index.IndexEvents.GRANTEE;
import static io.healthkey.backend.application.index.IndexEvents.PATIENT;
import static io.healthkey.backend.application.index.IndexEvents.scope;
import static io.healthkey.backend.application.index.IndexEvents.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.index.EventIndexStorePort.ProviderChange;
import io.healthkey.backend.application.index.EventIndexStorePort.RemainingStates;
import io.healthkey.backend.application.index.EventIndexStorePort.SlotState;
import io.healthkey.backend.application.index.ScriptedChain.Pending;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/** The read model: folded from the stored histories, moved by appends, patched after rollbacks; and its fallback. */
class IndexProjectionsTest {

    private final IndexProjections projections = new IndexProjections();

    @Test
    void foldingKeepsTheLastStateOfEachKeyInChainOrder() {
        load(List.of(slotState(1, 500, false, 1), slotState(2, 600, false, 1), slotState(1, 0, true, 2),
                slotState(2, 650, false, 3)),
                List.of(change(GRANTEE, ProviderStatus.SUSPENDED, 1), change(GRANTEE, ProviderStatus.ACTIVE, 2),
                        change(PATIENT, ProviderStatus.SUSPENDED, 3)));

        assertThat(projections.grants(PATIENT, GRANTEE, 1, List.of(scope(1), scope(2), scope(3))))
                .containsExactly(new GrantState(scope(1), 0, true, 2), new GrantState(scope(2), 650, false, 3));
        assertThat(projections.grants(PATIENT, GRANTEE, 2, List.of(scope(1)))).as("another action").isEmpty();
        assertThat(projections.provider(GRANTEE)).contains(new ProviderState(ProviderStatus.ACTIVE, 2));
        assertThat(projections.provider(PATIENT)).contains(new ProviderState(ProviderStatus.SUSPENDED, 3));
        assertThat(projections.provider(IndexEvents.CONSENT)).isEmpty();
    }

    @Test
    void aFailedFoldLeavesTheProjectionsUnloadedEvenIfTheyWereLoaded() {
        load(List.of(slotState(1, 500, false, 1)), List.of());
        assertThat(projections.isLoaded()).isTrue();

        Mono<Void> failing = projections.load(Flux.just(slotState(1, 900, false, 2)),
                Flux.error(new IllegalStateException("database down")));

        assertThatThrownBy(failing::block).hasMessageContaining("database down");
        assertThat(projections.isLoaded()).isFalse();
    }

    @Test
    void anAppendMovesEachKeyItTouchesToItsLastEvent() {
        load(List.of(slotState(1, 500, false, 1)), List.of());

        projections.apply(List.of(event(IndexEvents.revoke(scope(1)), 2, 0), event(IndexEvents.grant(scope(1), 800), 2, 1),
                event(IndexEvents.grant(scope(2), 700), 3, 0), event(IndexEvents.suspend(GRANTEE), 3, 1)));

        assertThat(projections.grants(PATIENT, GRANTEE, 1, List.of(scope(1), scope(2))))
                .containsExactly(new GrantState(scope(1), 800, false, 2), new GrantState(scope(2), 700, false, 3));
        assertThat(projections.provider(GRANTEE)).contains(new ProviderState(ProviderStatus.SUSPENDED, 3));
    }

    @Test
    void anAppendBeforeTheFoldIsLeftToTheFold() {
        projections.apply(List.of(event(IndexEvents.grant(scope(1), 800), 2, 0)));
        assertThat(projections.isLoaded()).isFalse();
    }

    @Test
    void aRollbackReplacesTheKeysItTouchedAndForgetsThoseWithNothingLeft() {
        load(List.of(slotState(1, 0, true, 5), slotState(2, 700, false, 5), slotState(3, 300, false, 1)),
                List.of(change(GRANTEE, ProviderStatus.SUSPENDED, 5)));

        projections.replace(new RemainingStates(
                Map.of(slot(scope(1)), Optional.of(new GrantState(scope(1), 500, false, 2)),
                        slot(scope(2)), Optional.empty()),
                Map.of(GRANTEE, Optional.empty())));

        assertThat(projections.grants(PATIENT, GRANTEE, 1, List.of(scope(1), scope(2), scope(3))))
                .containsExactly(new GrantState(scope(1), 500, false, 2), new GrantState(scope(3), 300, false, 1));
        assertThat(projections.provider(GRANTEE)).isEmpty();
    }

    @Test
    void lookupsReadTheStoredEventsUntilTheProjectionsAreLoadedThenMemoryOnly() {
        var stored = new StoredEvents(List.of(new GrantState(scope(1), 111, false, 1)));
        var lookups = new IndexLookups(projections, stored);

        assertThat(lookups.grants(PATIENT, GRANTEE, 1, List.of(scope(1))).block())
                .containsExactly(new GrantState(scope(1), 111, false, 1));
        assertThat(lookups.provider(GRANTEE).block()).contains(new ProviderState(ProviderStatus.ACTIVE, 1));

        load(List.of(slotState(1, 222, false, 2)), List.of());
        stored.queries = 0;
        assertThat(lookups.grants(PATIENT, GRANTEE, 1, List.of(scope(1))).block())
                .containsExactly(new GrantState(scope(1), 222, false, 2));
        assertThat(lookups.provider(GRANTEE).block()).isEmpty();
        assertThat(stored.queries).isZero();
    }

    private void load(List<SlotState> grants, List<ProviderChange> providers) {
        projections.load(Flux.fromIterable(grants), Flux.fromIterable(providers)).block();
    }

    private static SlotState slotState(int scope, long expiresAt, boolean revoked, long block) {
        return new SlotState(slot(scope(scope)), new GrantState(scope(scope), expiresAt, revoked, block));
    }

    private static ProviderChange change(EthAddress provider, ProviderStatus status, long block) {
        return new ProviderChange(provider, new ProviderState(status, block));
    }

    private static ChainEvent event(Pending pending, long block, int index) {
        return pending.at(new LogPosition(block, index, "0x" + "ab".repeat(32), "0x" + "cd".repeat(32), 1_000));
    }

    /** The stored events' answers, counting queries. */
    private static final class StoredEvents implements EventIndexQueryPort {
        private final List<GrantState> grants;
        private int queries;

        StoredEvents(List<GrantState> grants) {
            this.grants = grants;
        }

        @Override
        public Mono<List<GrantState>> grants(EthAddress patient, EthAddress grantee, int action, List<Bytes32> scopes) {
            queries++;
            return Mono.just(grants);
        }

        @Override
        public Mono<Optional<ProviderState>> provider(EthAddress provider) {
            queries++;
            return Mono.just(Optional.of(new ProviderState(ProviderStatus.ACTIVE, 1)));
        }

        @Override
        public Mono<AnchoredRecord> anchored(RecordId id) {
            return Mono.empty();
        }

        @Override
        public Flux<AnchoredRecord> anchorsOf(EthAddress patient) {
            return Flux.empty();
        }

        @Override
        public Flux<ChainEvent.Consent> consentEvents(EthAddress patient) {
            return Flux.empty();
        }
    }
}
