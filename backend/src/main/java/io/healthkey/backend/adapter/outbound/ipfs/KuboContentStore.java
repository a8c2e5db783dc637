package io.healthkey.backend.adapter.outbound.ipfs;

import java.nio.ByteBuffer;
import java.util.Objects;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.ImportedFile;
import io.healthkey.protocol.content.UnixFsImporter;
import io.healthkey.protocol.content.UnixFsLayout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The content store on a Kubo node, over its RPC API. Uploads stream to {@code add} while the CID is computed
 * locally from the same bytes; the upload fails with {@code CONTENT-0003} if Kubo names another root. Reads walk
 * the DAG with {@code block/get}, checking every block (see {@link VerifiedDagReader}), rather than trusting
 * {@code cat}.
 */
public final class KuboContentStore implements ContentStorePort {

    /**
     * Wraps the writes as Netty buffers, without copying: Reactor Netty, under WebClient, copies every other kind
     * of {@link DataBuffer} into a new heap buffer before writing it ({@code NettyDataBufferFactory.toByteBuf}),
     * which is one more copy and as much garbage as the upload is large.
     */
    private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

    /** Kubo's chunk size: one socket write each; Kubo spends far less CPU on few large writes than on many small. */
    private static final int WRITE_SIZE = 256 * 1024;
    /** Writes taken and not yet written to Kubo: 2 MiB. */
    private static final int WRITES_IN_FLIGHT = 8;
    /** Upload pieces asked for at a time: a write's worth of the server's 64 KiB reads. */
    private static final int PIECES_PREFETCH = 4;

    private final KuboRpcClient kubo;
    private final VerifiedDagReader reader;

    KuboContentStore(KuboRpcClient kubo) {
        this.kubo = Objects.requireNonNull(kubo);
        this.reader = new VerifiedDagReader(kubo::blockGet);
    }

    @Override
    public Mono<StoredContent> put(Publisher<DataBuffer> content) {
        return Mono.defer(() -> {
            UnixFsImporter local = UnixFsImporter.hashOnly(UnixFsLayout.KUBO);
            Flux<DataBuffer> body = ReleaseGate.gated(Flux.from(content), WRITES_IN_FLIGHT, PIECES_PREFETCH,
                    WRITE_SIZE, local::write).map(BUFFERS::wrap);
            return kubo.add(body).map(added -> {
                ImportedFile expected = local.finish();
                if (!added.cid().equals(expected.cid())) {
                    throw new DomainException(ErrorCode.CONTENT_INTEGRITY,
                            "IPFS node named the content " + added.cid() + ", its bytes give " + expected.cid());
                }
                return new StoredContent(expected.cid(), expected.size());
            });
        });
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

    /** Writes one block as it is, under {@code cid}; Kubo checks the hash too. Used to push content here. */
    Mono<Void> putBlock(Cid cid, byte[] block) {
        return kubo.blockPut(cid, block);
    }
}
