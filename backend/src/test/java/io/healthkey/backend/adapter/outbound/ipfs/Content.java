package io.healthkey.backend.adapter.outbound.ipfs;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.healthkey.protocol.content.Cid;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Test content: deterministic bytes as a stream of buffers, and the SHA-256 of what a store gives back. */
final class Content {

    private static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;

    private Content() {
    }

    /** {@code length} bytes of counter-mode SHA-256 under {@code label}, in 64 KiB buffers, generated lazily. */
    static Flux<DataBuffer> pseudoRandom(String label, long length) {
        int part = 64 * 1024;
        return Flux.generate(() -> 0L, (offset, sink) -> {
            if (offset >= length) {
                sink.complete();
                return offset;
            }
            int size = (int) Math.min(part, length - offset);
            ByteBuffer buffer = ByteBuffer.allocate(size);
            MessageDigest sha = sha256();
            for (long block = offset / 32; buffer.hasRemaining(); block++) {
                sha.update((label + ":" + block).getBytes());
                byte[] digest = sha.digest();
                buffer.put(digest, 0, Math.min(32, buffer.remaining()));
            }
            sink.next(BUFFERS.wrap(buffer.flip()));
            return offset + size;
        });
    }

    static Flux<DataBuffer> of(byte[] bytes) {
        return Flux.just(BUFFERS.wrap(bytes));
    }

    static Flux<DataBuffer> of(List<byte[]> parts) {
        return Flux.fromIterable(parts).map(BUFFERS::wrap);
    }

    /** The SHA-256 of content put into a store (buffers as uploads give them). */
    static String sha256HexOfBuffers(Flux<DataBuffer> content) {
        return sha256Hex(content.concatMapIterable(buffer -> {
            List<ByteBuffer> views = new java.util.ArrayList<>();
            buffer.readableByteBuffers().forEachRemaining(views::add);
            return views;
        }));
    }

    static String sha256Hex(Flux<ByteBuffer> content) {
        return Mono.from(content.reduce(sha256(), (sha, buffer) -> {
            sha.update(buffer.duplicate());
            return sha;
        })).map(sha -> HexFormat.of().formatHex(sha.digest())).block();
    }

    static Cid cid(String text) {
        return Cid.parse(text);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
