package io.healthkey.backend.support.fakes;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.application.index.ChainEventSourcePort;
import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.application.index.InMemoryIndexStore;
import io.healthkey.backend.application.index.IndexProjections;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The event index as its readers see it: a real {@link EventIndexer} that has indexed a one-block chain up to its
 * head {@link #HEAD} (so it is current until {@link #fallBehind} or the clock moves past its freshness), and the
 * projections it answers from, filled by the test. During an {@link #outage} the projections fail.
 */
public final class FakeEventIndex implements EventIndexQueryPort {

    public static final long HEAD = 50;
    public static final Duration FRESHNESS = Duration.ofSeconds(5);

    public final Outage outage = new Outage();
    private final EventIndexer indexer;
    private final Map<RecordId, AnchoredRecord> anchors = new HashMap<>();
    private final Map<EthAddress, List<ChainEvent.Consent>> consents = new HashMap<>();

    public FakeEventIndex(Clock clock) {
        this.indexer = indexedUpToHead(clock);
    }

    /**
     * An indexer that has just indexed a chain of one block, {@link #HEAD}, timed at {@code clock}'s now: current
     * for {@link #FRESHNESS} of that clock, or until a later block is observed.
     */
    public static EventIndexer indexedUpToHead(Clock clock) {
        EventIndexer indexer = new EventIndexer(new OneBlockChain(clock), new InMemoryIndexStore(),
                new IndexProjections(), new IndexSettings(HEAD, 0, 16, 4, 64, FRESHNESS, 60), clock);
        indexer.poll().block();
        return indexer;
    }

    public EventIndexer indexer() {
        return indexer;
    }

    /** A block above the index's cursor is known to be mined: until it is indexed, the index is not current. */
    public void fallBehind() {
        indexer.observeHead(HEAD + 1);
    }

    /** The index holds {@code anchored}'s {@code RecordAnchored} event. */
    public void index(AnchoredRecord anchored) {
        anchors.put(anchored.id(), anchored);
    }

    /** The index holds {@code event}; events are answered newest first, so index them oldest first. */
    public void index(ChainEvent.Consent event) {
        consents.computeIfAbsent(event.key().patient(), patient -> new ArrayList<>()).add(0, event);
    }

    @Override
    public Mono<List<GrantState>> grants(EthAddress patient, EthAddress grantee, int action, List<Bytes32> scopes) {
        return outage.guard(() -> Mono.just(List.of()));
    }

    @Override
    public Mono<Optional<ProviderState>> provider(EthAddress provider) {
        return outage.guard(() -> Mono.just(Optional.empty()));
    }

    @Override
    public Mono<AnchoredRecord> anchored(RecordId id) {
        return outage.guard(() -> Mono.justOrEmpty(anchors.get(id)));
    }

    @Override
    public Flux<AnchoredRecord> anchorsOf(EthAddress patient) {
        return outage.guardMany(() -> Flux.fromIterable(List.copyOf(anchors.values()))
                .filter(anchored -> anchored.id().patient().equals(patient))
                .sort(java.util.Comparator.comparingLong(AnchoredRecord::blockNumber)));
    }

    @Override
    public Flux<ChainEvent.Consent> consentEvents(EthAddress patient) {
        return outage.guardMany(() -> Flux.fromIterable(List.copyOf(consents.getOrDefault(patient, List.of()))));
    }

    private record OneBlockChain(Clock clock) implements ChainEventSourcePort {
        @Override
        public long headNumber() {
            return HEAD;
        }

        @Override
        public List<IndexedBlock> blocks(long from, long to) {
            return from <= HEAD && HEAD <= to ? List.of(new IndexedBlock(HEAD, "0x" + "0".repeat(63) + "1",
                    "0x" + "0".repeat(64), clock.instant().getEpochSecond())) : List.of();
        }

        @Override
        public List<ChainEvent> events(long from, long to) {
            return List.of();
        }
    }
}
