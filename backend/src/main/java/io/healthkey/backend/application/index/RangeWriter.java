package io.healthkey.backend.application.index;

import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexedBlock;

/**
 * Writes what was read, part by part, each part one transaction that moves the cursor, then the projections and the
 * status. Within the window, the first header must follow the cursor, else the index rolls back instead.
 */
final class RangeWriter {

    private final EventIndexStorePort store;
    private final IndexProjections projections;
    private final IndexProgress progress;
    private final ReorgRollback rollback;
    private final IndexSettings settings;
    private final IndexThreads threads;

    RangeWriter(EventIndexStorePort store, IndexProjections projections, IndexProgress progress,
            ReorgRollback rollback, IndexSettings settings, IndexThreads threads) {
        this.store = store;
        this.projections = projections;
        this.progress = progress;
        this.rollback = rollback;
        this.settings = settings;
        this.threads = threads;
    }

    /** False when the poll should end: the node was behind or changed while read (a race: next poll reads again). */
    Mono<Boolean> write(RangeRead read) {
        if (read.parts().isEmpty()) {
            return Mono.just(false);
        }
        Optional<IndexedBlock> cursor = progress.cursor();
        if (read.first().isPresent() && cursor.isPresent() && !cursor.get().isParentOf(read.first().get())) {
            return rollback.rollBack(cursor.get()).thenReturn(true);
        }
        if (read.changedWhileRead()) {
            return Mono.just(false);
        }
        Mono<Void> prune = read.first().isEmpty() ? Mono.empty()
                : threads.back(store.pruneBlocksBelow(read.to() - settings.window()));
        return Flux.fromIterable(read.parts()).concatMap(this::commit).then(prune).thenReturn(true);
    }

    private Mono<Void> commit(RangeRead.Part part) {
        return threads.back(store.append(part.recentBlocks(), part.events(), part.cursor()))
                .then(Mono.fromRunnable(() -> {
                    projections.apply(part.events());
                    progress.committed(part.cursor(), part.events().size());
                }));
    }
}
