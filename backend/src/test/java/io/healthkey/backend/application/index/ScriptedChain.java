package io.healthkey.backend.application.index;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.Hex;

/**
 * A node whose tip can be replaced, for the indexer's tests: blocks hold the events mined into them, hashes name the
 * branch. Refuses log ranges above {@link #maxLogRange} as nodes refuse too many results.
 */
public final class ScriptedChain implements ChainEventSourcePort {

    /** An event waiting for its place in a block. */
    public interface Pending {
        ChainEvent at(LogPosition position);
    }

    private final List<IndexedBlock> blocks = new ArrayList<>();
    private final Map<Long, List<ChainEvent>> events = new HashMap<>();
    private int branch;
    private final Set<String> callers = ConcurrentHashMap.newKeySet();
    public int maxLogRange = Integer.MAX_VALUE;
    public long largestAnsweredRange;

    public ScriptedChain() {
        blocks.add(new IndexedBlock(0, hashOf(0, 0), hashOf(-1, -1), 1_000));
    }

    /** Mines a block holding {@code pending}, in that order. */
    public synchronized void mine(Pending... pending) {
        long number = blocks.size();
        IndexedBlock block = new IndexedBlock(number, hashOf(branch, number), blocks.get((int) number - 1).hash(),
                1_000 + number);
        blocks.add(block);
        List<ChainEvent> inBlock = new ArrayList<>();
        for (int i = 0; i < pending.length; i++) {
            inBlock.add(pending[i].at(new LogPosition(number, i, block.hash(), hashOf(branch + 1000, number),
                    block.time())));
        }
        events.put(number, inBlock);
    }

    /** Drops the newest {@code depth} blocks: what is mined next is another branch. */
    public synchronized void fork(int depth) {
        branch++;
        for (int i = 0; i < depth; i++) {
            events.remove((long) blocks.size() - 1);
            blocks.remove(blocks.size() - 1);
        }
    }

    public synchronized String hash(long number) {
        return blocks.get((int) number).hash();
    }

    public synchronized IndexedBlock block(long number) {
        return blocks.get((int) number);
    }

    /** The names of the threads the node was called on. */
    public Set<String> callers() {
        return Set.copyOf(callers);
    }

    @Override
    public synchronized long headNumber() {
        callers.add(Thread.currentThread().getName());
        return blocks.size() - 1;
    }

    @Override
    public synchronized List<IndexedBlock> blocks(long from, long to) {
        callers.add(Thread.currentThread().getName());
        if (from > headNumber()) {
            return List.of();
        }
        return List.copyOf(blocks.subList((int) from, (int) Math.min(to, headNumber()) + 1));
    }

    @Override
    public synchronized List<ChainEvent> events(long from, long to) {
        callers.add(Thread.currentThread().getName());
        if (to - from + 1 > maxLogRange) {
            throw new IllegalStateException("query returned more than 10000 results");
        }
        largestAnsweredRange = Math.max(largestAnsweredRange, to - from + 1);
        List<ChainEvent> found = new ArrayList<>();
        for (long n = from; n <= Math.min(to, headNumber()); n++) {
            found.addAll(events.getOrDefault(n, List.of()));
        }
        return found;
    }

    private static String hashOf(long branch, long number) {
        byte[] bytes = new byte[32];
        ByteBuffer.wrap(bytes).putLong(8, branch).putLong(24, number);
        return Hex.encode(bytes);
    }
}
