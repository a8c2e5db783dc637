package io.healthkey.backend.adapter.in.web;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;

/** Streams request and response bodies between Spring's pooled buffers and the application's plain buffers. */
final class Bodies {

    /**
     * The size of the buffers uploads are handed on in: Kubo's chunk size. The server reads requests in pieces of a
     * few KiB; passed on one by one, each became one HTTP chunk and one socket write to Kubo, and Kubo, woken that
     * often, burnt up to twice the CPU it needs for the same bytes sent in large writes.
     */
    static final int UPLOAD_BUFFER = 256 * 1024;
    private static final int PIECES_AHEAD = 32;

    private Bodies() {
    }

    /**
     * The body's bytes in heap buffers of {@link #UPLOAD_BUFFER} bytes (the last one shorter): each pooled buffer is
     * copied out as it arrives and released at once, so a cancelled upload leaves nothing to release.
     */
    static Flux<ByteBuffer> bytesOf(Flux<DataBuffer> body) {
        return Flux.defer(() -> {
            Coalescer coalescer = new Coalescer(UPLOAD_BUFFER);
            // asks the server for 32 pieces at a time (2 MiB at most): asking for one or two at a time would turn
            // the socket's reads off and on again for every piece
            return body.map(coalescer::take)
                    .concatMapIterable(full -> full, PIECES_AHEAD)
                    .concatWith(Flux.defer(() -> Flux.fromIterable(coalescer.rest())));
        });
    }

    static Flux<DataBuffer> buffersOf(Flux<ByteBuffer> bytes) {
        return bytes.map(DefaultDataBufferFactory.sharedInstance::wrap);
    }

    static OptionalLong declaredLength(ServerHttpRequest request) {
        long length = request.getHeaders().getContentLength();
        return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty();
    }

    /** The response headers of a record's bytes: its id, CID, plaintext media type and the reader's wrapped key. */
    static final String RECORD_ID = "HealthKey-Record-Id";
    static final String CID = "HealthKey-Cid";
    static final String MEDIA_TYPE = "HealthKey-Media-Type";
    static final String WRAPPED_KEY = "HealthKey-Wrapped-Key";

    static void noStore(HttpHeaders headers) {
        headers.setCacheControl("no-store");
    }

    /** Copies pooled buffers into fixed-size heap buffers, releasing each pooled one; not thread-safe. */
    private static final class Coalescer {

        private final int size;
        private byte[] current;
        private int filled;

        Coalescer(int size) {
            this.size = size;
        }

        /** Copies {@code buffer} and releases it; returns the buffers it filled up. */
        List<ByteBuffer> take(DataBuffer buffer) {
            List<ByteBuffer> full = new ArrayList<>(1);
            try {
                int readable = buffer.readableByteCount();
                int read = 0;
                while (read < readable) {
                    if (current == null) {
                        current = new byte[size];
                    }
                    int length = Math.min(readable - read, size - filled);
                    buffer.toByteBuffer(buffer.readPosition() + read, ByteBuffer.wrap(current), filled, length);
                    read += length;
                    filled += length;
                    if (filled == size) {
                        full.add(ByteBuffer.wrap(current));
                        current = null;
                        filled = 0;
                    }
                }
            } finally {
                DataBufferUtils.release(buffer);
            }
            return full;
        }

        /** The bytes taken since the last full buffer, if any. */
        List<ByteBuffer> rest() {
            return filled == 0 ? List.of() : List.of(ByteBuffer.wrap(current, 0, filled));
        }
    }
}
