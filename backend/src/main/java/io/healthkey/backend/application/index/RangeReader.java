package io.healthkey.backend.application.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.index.LogRangeSizer.Fetched;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexSettings;
import io.healthkey.backend.domain.index.IndexedBlock;

/**
 * Reads the next range of blocks from the node. Blocks deeper than the reorg window below the head are taken as
 * final: their logs, and only the header each transaction ends with (its cursor). Within the window, every header,
 * and the logs of the blocks that chain together, each log tied to its header by hash. Decides nothing: the writer
 * checks what was read against the cursor. Blocking; one read at a time (the range size is its state).
 */
final class RangeReader {

    private static final Logger log = LoggerFactory.getLogger(RangeReader.class);

    private final ChainEventSourcePort chain;
    private final IndexSettings settings;
    private final LogRangeSizer sizer;

    RangeReader(ChainEventSourcePort chain, IndexSettings settings) {
        this.chain = chain;
        this.settings = settings;
        this.sizer = new LogRangeSizer(chain, settings.initialRange(), settings.maxRange());
    }

    /** What the node holds from {@code from} on, up to a range and never beyond {@code head}. */
    RangeRead read(long from, long head) {
        long recentFrom = Math.max(settings.startBlock(), head - settings.window() + 1);
        if (from < recentFrom) {
            return readFinal(from, Math.min(recentFrom - 1, from + sizer.range() - 1));
        }
        return readRecent(from, Math.min(head, from + sizer.range() - 1));
    }

    private RangeRead readFinal(long from, long to) {
        Fetched fetched = sizer.fetch(from, to);
        List<List<ChainEvent>> cuts = CommitCutter.cut(fetched.events());
        List<RangeRead.Part> parts = new ArrayList<>(cuts.size());
        for (int i = 0; i < cuts.size(); i++) {
            List<ChainEvent> events = cuts.get(i);
            long end = i == cuts.size() - 1 ? fetched.to() : events.get(events.size() - 1).at().blockNumber();
            List<IndexedBlock> last = chain.blocks(end, end);
            if (last.isEmpty()) {
                return RangeRead.unavailable(from);
            }
            parts.add(new RangeRead.Part(List.of(), events, last.get(0)));
        }
        return new RangeRead(from, fetched.to(), Optional.empty(), parts, false);
    }

    private RangeRead readRecent(long from, long to) {
        List<IndexedBlock> headers = chain.blocks(from, to);
        if (headers.isEmpty()) {
            return RangeRead.unavailable(from);
        }
        int linked = 1;
        while (linked < headers.size() && headers.get(linked - 1).isParentOf(headers.get(linked))) {
            linked++;
        }
        Fetched fetched = sizer.fetch(from, headers.get(linked - 1).number());
        List<IndexedBlock> covered = headers.subList(0, (int) (fetched.to() - from + 1));
        boolean changed = false;
        for (ChainEvent event : fetched.events()) {
            IndexedBlock block = covered.get((int) (event.at().blockNumber() - from));
            if (!block.hash().equalsIgnoreCase(event.at().blockHash())) {
                log.info("block {} changed while it was read; reading it again", block.number());
                changed = true;
                break;
            }
        }
        List<RangeRead.Part> parts = new ArrayList<>();
        int firstBlock = 0;
        List<List<ChainEvent>> cuts = CommitCutter.cut(fetched.events());
        for (int i = 0; i < cuts.size(); i++) {
            List<ChainEvent> events = cuts.get(i);
            int lastBlock = i == cuts.size() - 1 ? covered.size() - 1
                    : (int) (events.get(events.size() - 1).at().blockNumber() - from);
            List<IndexedBlock> blocks = covered.subList(firstBlock, lastBlock + 1);
            parts.add(new RangeRead.Part(blocks, events, blocks.get(blocks.size() - 1)));
            firstBlock = lastBlock + 1;
        }
        return new RangeRead(from, fetched.to(), Optional.of(covered.get(0)), parts, changed);
    }
}
