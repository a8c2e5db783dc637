package io.healthkey.backend.application.index;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The ranges of one poll, read on the reader's thread, with at most one read ahead: started while the current range
 * is written, taken if the index then continues where it begins. Everything a read ahead returns is checked when
 * written as if it had been read just then (parent hash, blocks' hashes), so reading ahead decides nothing. Used by
 * one poll, from one thread at a time.
 */
final class ReadAhead {

    private static final Logger log = LoggerFactory.getLogger(ReadAhead.class);

    private final RangeReader reader;
    private final IndexThreads threads;
    private final long head;
    private long aheadFrom;
    private CompletableFuture<RangeRead> ahead;

    ReadAhead(RangeReader reader, IndexThreads threads, long head) {
        this.reader = reader;
        this.threads = threads;
        this.head = head;
    }

    /** The range from {@code from}: the one read ahead if it begins there, else read now. */
    Mono<RangeRead> take(long from) {
        if (ahead == null) {
            return readNow(from);
        }
        CompletableFuture<RangeRead> taken = ahead;
        ahead = null;
        // the index rolled back meanwhile: that read is for blocks beyond it
        return aheadFrom == from ? Mono.fromFuture(taken) : settle(taken).then(readNow(from));
    }

    /** Starts reading from {@code from}, to be taken by the next {@link #take}. */
    void start(long from) {
        aheadFrom = from;
        ahead = readNow(from).toFuture();
    }

    /** Waits for a read nobody will take, whatever its outcome: no read outlives its poll. */
    Mono<Void> drain() {
        CompletableFuture<RangeRead> unwanted = ahead;
        ahead = null;
        return unwanted == null ? Mono.empty() : settle(unwanted);
    }

    private Mono<RangeRead> readNow(long from) {
        return threads.read(() -> reader.read(from, head));
    }

    private static Mono<Void> settle(CompletableFuture<RangeRead> unwanted) {
        return Mono.fromFuture(unwanted).then().onErrorResume(failure -> {
            log.debug("a read ahead was not used: {}", failure.toString());
            return Mono.empty();
        });
    }
}
