package io.healthkey.backend.support.pinning;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node in memory for the spec server: it "fetches" from a map of blocks that stands for the network (only blocks
 * whose CID is there can be pinned), and keeps those it pinned. Handles single-block content (a raw leaf), which is
 * all the adapter tests store.
 */
public final class InMemoryPinBackend implements PinBackend {

    /** Blocks anyone may fetch, by CID: the network. */
    public final Map<String, byte[]> network = new ConcurrentHashMap<>();
    private final Map<String, byte[]> held = new ConcurrentHashMap<>();
    /** CIDs whose pin fails, as a node that cannot find the content would. */
    public final Set<String> unfindable = ConcurrentHashMap.newKeySet();

    @Override
    public void pin(String cid, List<String> origins) {
        byte[] block = network.get(cid);
        if (block == null || unfindable.contains(cid)) {
            throw new IllegalStateException("content not found");
        }
        held.put(cid, block);
    }

    @Override
    public Optional<byte[]> localBlock(String cid) {
        return Optional.ofNullable(held.get(cid));
    }

    @Override
    public void drop(String cid) {
        held.remove(cid);
    }

    /** Serves {@code bytes} under {@code cid} from now on, whatever they hash to (a node serving wrong blocks). */
    public void corrupt(String cid, byte[] bytes) {
        held.put(cid, bytes);
    }
}
