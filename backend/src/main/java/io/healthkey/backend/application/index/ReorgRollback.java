package io.healthkey.backend.application.index;

import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexedBlock;

/**
 * Follows reorgs within the window: when the node no longer builds on the last indexed block, finds the newest
 * stored block it still has, rolls the store back to it and patches the projections of the keys the forgotten
 * events touched. A reorg deeper than the window fails: the index stops instead of guessing.
 */
final class ReorgRollback {

    private static final Logger log = LoggerFactory.getLogger(ReorgRollback.class);

    private final ChainEventSourcePort chain;
    private final EventIndexStorePort store;
    private final IndexProjections projections;
    private final IndexProgress progress;
    private final IndexSettings settings;
    private final IndexThreads threads;

    ReorgRollback(ChainEventSourcePort chain, EventIndexStorePort store, IndexProjections projections,
            IndexProgress progress, IndexSettings settings, IndexThreads threads) {
        this.chain = chain;
        this.store = store;
        this.projections = projections;
        this.progress = progress;
        this.settings = settings;
        this.threads = threads;
    }

    /** Caught up: the last indexed block must still be on the chain (a reorg may keep the height, or lower it). */
    Mono<Void> verifyTip() {
        Optional<IndexedBlock> cursor = progress.cursor();
        if (cursor.isEmpty()) {
            return Mono.empty();
        }
        return threads.call(() -> isOnChain(cursor.get()))
                .flatMap(onChain -> onChain ? Mono.<Void>empty() : rollBack(cursor.get()));
    }

    /** The node no longer builds on {@code cursor}: rolls back to the newest stored block the node still has. */
    Mono<Void> rollBack(IndexedBlock cursor) {
        return commonAncestor(cursor)
                .flatMap(ancestor -> {
                    progress.rollingBack(ancestor, cursor.number());
                    return threads.back(store.rollbackTo(ancestor)).doOnNext(remaining -> {
                        projections.replace(remaining);
                        log.warn("reorg: rolled the event index back from block {} to {}", cursor.number(),
                                ancestor.number());
                    });
                })
                .then();
    }

    /** Stored blocks from below the cursor down to the window's floor, the first one the node still has. */
    private Mono<IndexedBlock> commonAncestor(IndexedBlock cursor) {
        long floor = Math.max(settings.startBlock(), cursor.number() - settings.window());
        return Flux.fromStream(() -> LongStream.iterate(cursor.number() - 1, n -> n >= floor, n -> n - 1).boxed())
                .concatMap(number -> threads.back(store.recentBlock(number))
                        .switchIfEmpty(Mono.error(() -> tooDeep(cursor)))
                        .filterWhen(stored -> threads.call(() -> isOnChain(stored))), 1)
                .next()
                .switchIfEmpty(Mono.error(() -> tooDeep(cursor)));
    }

    private boolean isOnChain(IndexedBlock block) {
        List<IndexedBlock> onChain = chain.blocks(block.number(), block.number());
        return !onChain.isEmpty() && onChain.get(0).hash().equalsIgnoreCase(block.hash());
    }

    private IllegalStateException tooDeep(IndexedBlock cursor) {
        return new IllegalStateException("reorg below block " + cursor.number() + " is deeper than the "
                + settings.window() + "-block window the index keeps: re-index from scratch");
    }
}
