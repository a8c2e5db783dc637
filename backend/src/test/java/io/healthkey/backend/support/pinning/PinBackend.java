package io.healthkey.backend.support.pinning;

import java.util.List;
import java.util.Optional;

/** What stands behind the spec server's pins: the node that fetches, keeps and serves the blocks. */
public interface PinBackend {

    /** Fetches every block of {@code cid} (from {@code origins} if it must) and pins it; throws when it cannot. */
    void pin(String cid, List<String> origins) throws Exception;

    /** The block's bytes if this node holds it, without asking any peer. */
    Optional<byte[]> localBlock(String cid) throws Exception;

    /** Unpins {@code cid} and collects its blocks: the data is gone. */
    void drop(String cid) throws Exception;
}
