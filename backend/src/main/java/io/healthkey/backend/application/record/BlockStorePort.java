package io.healthkey.backend.application.record;

import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Mono;

/**
 * Single blocks of the content store, for content assembled from parts ({@link PartedDag}). Guarantees, for every
 * implementation: a block is stored under the CID given, and only if its bytes hash to it; a block read is checked
 * against its CID before it is answered ({@code CONTENT-0003} otherwise). A stored block is not pinned: pin the node
 * above it ({@link ContentStorePort#pin}) to keep it.
 */
public interface BlockStorePort {

    Mono<Void> putBlock(Cid cid, byte[] block);

    Mono<byte[]> getBlock(Cid cid);
}
