package io.healthkey.backend.application.receipts;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;

/**
 * Read ids on chain only grow: {@code ReadReceiptRoots} takes a batch only if it starts at its {@code nextReadId},
 * and the batcher starts each batch there. A read log whose ids restart below it (an empty database replacing a lost
 * one restarts its identity at 1) would log reads that no batch can ever take. This moves the log's sequence to the
 * chain's next read id before such reads are logged: at start, before the web server takes requests, and again
 * before every batch until it has once succeeded.
 */
public final class ReadIdAlignment implements AlignReadIdsUseCase {

    private final ReadIdSequencePort readIds;
    private final ReadReceiptRootsPort chain;
    private final AtomicBoolean aligned = new AtomicBoolean();

    public ReadIdAlignment(ReadIdSequencePort readIds, ReadReceiptRootsPort chain) {
        this.readIds = readIds;
        this.chain = chain;
    }

    @Override
    public Mono<Void> align() {
        if (aligned.get()) {
            return Mono.empty();
        }
        return Mono.zip(readIds.highestReadId(), chain.nextReadId())
                .flatMap(at -> {
                    OptionalLong next = restartAt(at.getT1(), at.getT2());
                    return next.isPresent() ? readIds.restartAt(next.getAsLong()) : Mono.<Void>empty();
                })
                .then(Mono.fromRunnable(() -> aligned.set(true)));
    }

    /**
     * Where the read log's ids must restart, if anywhere: at the chain's next read id when the log's highest id is
     * below the chain's last batched one. A log level with the chain or ahead of it is left alone, so its ids never
     * go back.
     */
    static OptionalLong restartAt(long highestLoggedId, long nextReadIdOnChain) {
        return highestLoggedId + 1 < nextReadIdOnChain ? OptionalLong.of(nextReadIdOnChain) : OptionalLong.empty();
    }
}
