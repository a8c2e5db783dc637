package io.healthkey.backend.adapter.outbound.ipfs;

import java.nio.ByteBuffer;
import java.util.function.Function;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.FileBlock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Walks a UnixFS file DAG from its root, one block at a time, checking each block against the CID it was fetched
 * by before anything from it is emitted. Since every link is a hash, a verified root verifies the whole file:
 * a substituted, altered or truncated block fails the stream ({@code CONTENT-0003}) before its bytes go out.
 * Memory: the block being checked plus the links of the nodes above it.
 */
public final class VerifiedDagReader {

    /** Deeper than any file of 2^63 bytes in 256 KiB chunks and 174 links needs; guards against cycles of hashes. */
    private static final int MAX_DEPTH = 16;

    /** A block that matched its CID, its raw bytes and what it holds. */
    record VerifiedBlock(byte[] bytes, FileBlock file) {
    }

    private final Function<Cid, Mono<byte[]>> fetch;

    /** Reads blocks with {@code fetch}, which answers a block's bytes unverified, or an error. */
    public VerifiedDagReader(Function<Cid, Mono<byte[]>> fetch) {
        this.fetch = fetch;
    }

    /**
     * A block's bytes from an HTTP body, released as they are copied; fails past {@link KuboRpcClient#MAX_BLOCK_SIZE}
     * (no HealthKey block is that large) rather than holding more.
     */
    public static Mono<byte[]> blockBody(Flux<DataBuffer> body) {
        return DataBufferUtils.join(body, KuboRpcClient.MAX_BLOCK_SIZE).map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            return bytes;
        }).defaultIfEmpty(new byte[0]);
    }

    /** The file's bytes in order. */
    public Flux<ByteBuffer> content(Cid root) {
        return blocks(root).map(block -> block.file().dataView()).filter(ByteBuffer::hasRemaining);
    }

    /** Every block of the DAG, depth first, parents before children; each checked before it is emitted. */
    Flux<VerifiedBlock> blocks(Cid root) {
        return blocks(root, 0).onErrorMap(KuboErrors::map);
    }

    private Flux<VerifiedBlock> blocks(Cid cid, int depth) {
        if (depth > MAX_DEPTH) {
            return Flux.error(new io.healthkey.protocol.MalformedEncodingException("DAG deeper than " + MAX_DEPTH));
        }
        return fetch.apply(cid)
                .map(bytes -> new VerifiedBlock(bytes, FileBlock.verify(cid, bytes)))
                .flatMapMany(block -> Flux.just(block).concatWith(
                        Flux.fromIterable(block.file().children()).concatMap(child -> blocks(child, depth + 1), 1)));
    }
}
