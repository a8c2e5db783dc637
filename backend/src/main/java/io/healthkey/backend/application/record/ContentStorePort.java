package io.healthkey.backend.application.record;

import java.nio.ByteBuffer;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;

import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where record ciphertexts are kept, addressed by their IPFS CID. Guarantees, for every implementation:
 * <ul>
 *   <li>the CID of stored content is the one {@code ipfs add --cid-version=1 --raw-leaves} gives the same bytes
 *       (256 KiB raw leaves, balanced DAG of 174 links), so content moves between stores with its CID;</li>
 *   <li>content streams in and out: no implementation holds a whole file in memory (at most one block);</li>
 *   <li>bytes read back are checked block by block against the CID before they are emitted; a block that does
 *       not match fails the stream with {@code CONTENT-0003} and none of its bytes reach the caller.</li>
 * </ul>
 * Failures are {@code DomainException}s with a {@code CONTENT-*} code (unavailable node, upstream refusal,
 * integrity, not found, not a file, local storage).
 */
public interface ContentStorePort {

    /**
     * Stores and pins the bytes; answers their CID and size once the store holds all of them. Takes ownership of
     * every buffer it receives: each is released once written, or when the upload fails or is cancelled.
     */
    Mono<StoredContent> put(Publisher<DataBuffer> content);

    /** The content of {@code cid}, in order, verified as it streams. The buffers are read-only. */
    Flux<ByteBuffer> get(Cid cid);

    /** Keeps {@code cid} and every block below it from garbage collection. */
    Mono<Void> pin(Cid cid);

    /** Lets {@code cid} be collected; completes also when it was not pinned. */
    Mono<Void> unpin(Cid cid);

    /** Whether {@code cid} is pinned recursively. */
    Mono<Boolean> isPinned(Cid cid);
}
