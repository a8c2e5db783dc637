package io.healthkey.backend.adapter.outbound.ipfs;

import java.nio.ByteBuffer;
import java.util.Objects;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;

import io.healthkey.backend.application.record.BlockStorePort;
import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The content store on a Kubo node, over its RPC API. Uploads stream to {@code add} while the CID is computed
 * locally from the same bytes ({@link LocallyHashedUpload}); the upload fails with {@code CONTENT-0003} if Kubo names
 * another root. Reads walk
 * the DAG with {@code block/get}, checking every block (see {@link VerifiedDagReader}), rather than trusting
 * {@code cat}.
 */
public final class KuboContentStore implements ContentStorePort {

    private final KuboRpcClient kubo;
    private final VerifiedDagReader reader;

    KuboContentStore(KuboRpcClient kubo) {
        this.kubo = Objects.requireNonNull(kubo);
        this.reader = new VerifiedDagReader(kubo::blockGet);
    }

    @Override
    public Mono<StoredContent> put(Publisher<DataBuffer> content) {
        return LocallyHashedUpload.store(content, body -> kubo.add(body).map(KuboRpcClient.Added::cid));
    }

    @Override
    public Flux<ByteBuffer> get(Cid cid) {
        return reader.content(cid);
    }

    @Override
    public Mono<Void> pin(Cid cid) {
        return kubo.pinAdd(cid);
    }

    @Override
    public Mono<Void> unpin(Cid cid) {
        return kubo.pinRm(cid);
    }

    @Override
    public Mono<Boolean> isPinned(Cid cid) {
        return kubo.isPinned(cid);
    }

    /** Single blocks of this node: what multi-part uploads are assembled from. Reads are checked against the CID. */
    BlockStorePort blocks() {
        return new BlockStorePort() {
            @Override
            public Mono<Void> putBlock(Cid cid, byte[] block) {
                return KuboContentStore.this.putBlock(cid, block);
            }

            @Override
            public Mono<byte[]> getBlock(Cid cid) {
                return kubo.blockGet(cid).map(block -> ContentBlocks.verified(cid, block));
            }
        };
    }

    /** Writes one block as it is, under {@code cid}; Kubo checks the hash too. Used to push content here. */
    Mono<Void> putBlock(Cid cid, byte[] block) {
        return kubo.blockPut(cid, block);
    }
}
