package io.healthkey.backend.application.index;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexStatus;
import io.healthkey.backend.domain.index.IndexedBlock;

/**
 * Follows the deployment's events into the index, one {@link #poll} at a time: resumes from the stored cursor (and
 * folds the {@link IndexProjections} from the stored events) on the first, reads the head, checks that the last
 * indexed block is still on the chain once caught up ({@link ReorgRollback}), and indexes up to the head range by
 * range ({@link RangeFollower}: {@link RangeReader} reads, {@link RangeWriter} writes, {@link ReadAhead} overlaps
 * them). Its {@link #status()} tells checks whether to trust the index.
 *
 * <p>The node is read with blocking calls, on the indexer's own threads ({@link IndexThreads}); the store is
 * reactive. Nothing blocks the thread that subscribes to a poll.
 */
public final class EventIndexer {

    private static final Logger log = LoggerFactory.getLogger(EventIndexer.class);

    private final ChainEventSourcePort chain;
    private final EventIndexStorePort store;
    private final IndexProjections projections;
    private final IndexSettings settings;
    private final Clock clock;
    private final IndexProgress progress;
    private final IndexThreads threads = new IndexThreads();
    private final ReorgRollback reorgs;
    private final RangeFollower follower;
    private volatile boolean resumed;

    public EventIndexer(ChainEventSourcePort chain, EventIndexStorePort store, IndexProjections projections,
            IndexSettings settings, Clock clock) {
        this.chain = chain;
        this.store = store;
        this.projections = projections;
        this.settings = settings;
        this.clock = clock;
        this.progress = new IndexProgress(settings.startBlock());
        this.reorgs = new ReorgRollback(chain, store, projections, progress, settings, threads);
        this.follower = new RangeFollower(new RangeReader(chain, settings),
                new RangeWriter(store, projections, progress, reorgs, settings, threads), progress, threads);
    }

    public IndexStatus status() {
        return progress.status();
    }

    public IndexSettings settings() {
        return settings;
    }

    /** A block known to be mined: the index is not current before it holds it. */
    public void observeHead(long blockNumber) {
        progress.headMined(blockNumber);
    }

    /**
     * Reads the head and indexes up to it. Subscribe to one poll at a time. Completes when done; never fails:
     * failures are kept in {@link #status()} and logged.
     */
    public Mono<Void> poll() {
        return threads.onIndexer(Mono.defer(this::pollOnce)).onErrorResume(this::failed);
    }

    private Mono<Void> pollOnce() {
        return resume()
                .then(threads.call(chain::headNumber))
                .flatMap(head -> {
                    progress.headSeen(head, clock.instant());
                    Mono<Void> tip = progress.nextBlock() > head ? reorgs.verifyTip() : Mono.empty();
                    return tip.then(Mono.defer(() -> follower.indexUpTo(head)));
                })
                .then(Mono.fromRunnable(progress::succeeded));
    }

    /** Once: where an earlier run stopped, and the projections folded from what it stored. */
    private Mono<Void> resume() {
        if (resumed) {
            return Mono.empty();
        }
        return projections.load(store.grantHistory(), store.providerHistory())
                .then(storedCursor())
                .doOnNext(stored -> {
                    progress.resumedAt(stored);
                    resumed = true;
                })
                .then();
    }

    /** A failed poll vouches for nothing: checks go to the chain until one succeeds. */
    private Mono<Void> failed(Throwable failure) {
        log.warn("event index poll failed: {}", failure.toString());
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return storedCursor()
                .onErrorResume(unreadable -> Mono.just(Optional.empty()))
                .doOnNext(stored -> progress.failed(stored, reason))
                .then();
    }

    private Mono<Optional<IndexedBlock>> storedCursor() {
        return threads.back(store.cursor().map(Optional::of).defaultIfEmpty(Optional.empty()));
    }
}
