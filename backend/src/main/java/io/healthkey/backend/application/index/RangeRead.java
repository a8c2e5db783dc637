package io.healthkey.backend.application.index;

import java.util.List;
import java.util.Optional;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;

/**
 * Blocks {@code from..to} as read from the node, cut into transactions. No parts: the node did not have the blocks
 * yet.
 *
 * @param first the first header, within the window, which must follow the cursor when written
 * @param changedWhileRead a log's block hash differs from its header's: the range is read again next poll
 */
record RangeRead(long from, long to, Optional<IndexedBlock> first, List<Part> parts, boolean changedWhileRead) {

    static RangeRead unavailable(long from) {
        return new RangeRead(from, from - 1, Optional.empty(), List.of(), false);
    }

    /** Whether the blocks were all there and unchanged while read: the next range may be read ahead. */
    boolean isWhole() {
        return !parts.isEmpty() && !changedWhileRead;
    }

    /** One transaction's worth: recent blocks' headers (within the window), events, the cursor after them. */
    record Part(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor) {
    }
}
