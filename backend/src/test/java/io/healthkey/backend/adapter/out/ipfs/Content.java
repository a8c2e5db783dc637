package io.healthkey.backend.adapter.out.ipfs;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Test content: deterministic bytes as a stream of buffers, and the SHA-256 of what a store gives back. */
final class Content {

    private Content() {
    }

    /** {@code length} bytes of counter-mode SHA-256 under {@code label}, in 64 KiB buffers, generated lazily. */
    static Flux<ByteBuffer> pseudoRandom(String label, long length) {
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
            sink.next(buffer.flip());
            return offset + size;
        });
    }

    static Flux<ByteBuffer> of(byte[] bytes) {
        return Flux.just(ByteBuffer.wrap(bytes));
    }

    static Flux<ByteBuffer> of(List<byte[]> parts) {
        return Flux.fromIterable(parts).map(ByteBuffer::wrap);
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
