package io.healthkey.backend.adapter.outbound.ipfs;

import java.util.function.Function;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

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
 * An upload to a remote {@code add} (Kubo's or IPFS Cluster's) while the CID is computed here from the same bytes:
 * the upload fails with {@code CONTENT-0003} if the remote end names another root. The bytes pass through
 * {@link ReleaseGate} without being copied, and every buffer is released once written.
 */
final class LocallyHashedUpload {

    /**
     * Wraps the writes as Netty buffers, without copying: Reactor Netty, under WebClient, copies every other kind
     * of {@link DataBuffer} into a new heap buffer before writing it ({@code NettyDataBufferFactory.toByteBuf}),
     * which is one more copy and as much garbage as the upload is large.
     */
    private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

    /** Kubo's chunk size: one socket write each; Kubo spends far less CPU on few large writes than on many small. */
    private static final int WRITE_SIZE = 256 * 1024;
    /** Writes taken and not yet written to the remote end: 2 MiB. */
    private static final int WRITES_IN_FLIGHT = 8;
    /** Upload pieces asked for at a time: a write's worth of the server's 64 KiB reads. */
    private static final int PIECES_PREFETCH = 4;

    private LocallyHashedUpload() {
    }

    /** Streams {@code content} through {@code add}, which answers the root CID the remote end gave it. */
    static Mono<StoredContent> store(Publisher<DataBuffer> content, Function<Flux<DataBuffer>, Mono<Cid>> add) {
        return Mono.defer(() -> {
            UnixFsImporter local = UnixFsImporter.hashOnly(UnixFsLayout.KUBO);
            Flux<DataBuffer> body = ReleaseGate.gated(Flux.from(content), WRITES_IN_FLIGHT, PIECES_PREFETCH,
                    WRITE_SIZE, local::write).map(BUFFERS::wrap);
            return add.apply(body).map(named -> {
                ImportedFile expected = local.finish();
                if (!named.equals(expected.cid())) {
                    throw new DomainException(ErrorCode.CONTENT_INTEGRITY,
                            "IPFS node named the content " + named + ", its bytes give " + expected.cid());
                }
                return new StoredContent(expected.cid(), expected.size());
            });
        });
    }
}
