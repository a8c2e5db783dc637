package io.healthkey.backend.application.index;

import reactor.core.publisher.Mono;

/**
 * Indexes from the cursor up to a head, range by range, each next range read (on the reader's thread) while the
 * current one is written. A poll ends after {@link #MAX_STEPS_PER_POLL} ranges even if the node keeps producing
 * blocks faster than they are indexed, and when a range cannot be written yet.
 */
final class RangeFollower {

    static final int MAX_STEPS_PER_POLL = 10_000;

    private final RangeReader reader;
    private final RangeWriter writer;
    private final IndexProgress progress;
    private final IndexThreads threads;

    RangeFollower(RangeReader reader, RangeWriter writer, IndexProgress progress, IndexThreads threads) {
        this.reader = reader;
        this.writer = writer;
        this.progress = progress;
        this.threads = threads;
    }

    /** Up to {@code head}; completes on the indexer's thread once the last range is written and no read is left. */
    Mono<Void> indexUpTo(long head) {
        return threads.back(Mono.usingWhen(
                Mono.fromSupplier(() -> new Pass(head, new ReadAhead(reader, threads, head))),
                Pass::run, Pass::drain, (pass, failure) -> pass.drain(), Pass::drain));
    }

    /** One poll's ranges; its steps run one after the other. */
    private final class Pass {

        private final long head;
        private final ReadAhead reads;
        private int steps;
        private boolean goesOn = true;

        Pass(long head, ReadAhead reads) {
            this.head = head;
            this.reads = reads;
        }

        Mono<Void> run() {
            return Mono.defer(this::step).repeat(() -> goesOn).then();
        }

        private Mono<Void> step() {
            long from = progress.nextBlock();
            if (steps >= MAX_STEPS_PER_POLL || from > head) {
                goesOn = false;
                return Mono.empty();
            }
            steps++;
            return threads.back(reads.take(from))
                    .flatMap(read -> {
                        if (read.isWhole() && read.to() < head && steps < MAX_STEPS_PER_POLL) {
                            reads.start(read.to() + 1);
                        }
                        return writer.write(read);
                    })
                    .doOnNext(written -> goesOn = written)
                    .then();
        }

        Mono<Void> drain() {
            return reads.drain();
        }
    }
}
