package io.healthkey.backend.application.record;

import java.time.Clock;

import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/**
 * A record's {@code RecordAnchored} event from the index when it is current, without an {@code eth_getLogs} per read;
 * from the chain when the index is behind or does not hold it yet (an anchor mined since the last poll).
 */
public final class IndexedAnchors {

    private final EventIndexer indexer;
    private final EventIndexQueryPort index;
    private final RecordRegistryPort chain;
    private final Clock clock;

    public IndexedAnchors(EventIndexer indexer, EventIndexQueryPort index, RecordRegistryPort chain, Clock clock) {
        this.indexer = indexer;
        this.index = index;
        this.chain = chain;
        this.clock = clock;
    }

    public Mono<AnchoredRecord> anchored(RecordId id) {
        if (!indexer.status().isCurrent(clock.instant(), indexer.settings().freshness())) {
            return chain.anchored(id);
        }
        return index.anchored(id)
                .onErrorResume(failure -> Mono.empty())
                .switchIfEmpty(Mono.defer(() -> chain.anchored(id)));
    }
}
