package io.healthkey.backend.application.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Bridges between reactive byte streams and the blocking streams of the envelope code. Memory stays bounded: the
 * input side prefetches a few buffers, the output side reads one chunk at a time. Both block, so both run on the
 * bounded elastic scheduler, never on the event loop.
 */
final class ByteStreams {

    /** Kubo's chunk size: the content store hands each buffer to Kubo as one write (see KuboContentStore). */
    static final int CHUNK = 256 * 1024;
    private static final int PREFETCH = 4;

    private ByteStreams() {
    }

    /** The bytes, at most {@code max} of them; more fails with {@code REQUEST-0005}. */
    static Flux<ByteBuffer> limited(Flux<ByteBuffer> buffers, long max) {
        return Flux.defer(() -> {
            long[] seen = {0};
            return buffers.doOnNext(buffer -> {
                seen[0] += buffer.remaining();
                if (seen[0] > max) {
                    throw new DomainException(ErrorCode.REQUEST_TOO_LARGE, "this body is limited to " + max + " bytes");
                }
            });
        });
    }

    /** All the bytes in one array, at most {@code max} of them; more fails with {@code REQUEST-0005}. */
    static Mono<byte[]> collect(Flux<ByteBuffer> buffers, int max) {
        return limited(buffers, max)
                .collect(ByteArrayOutputStream::new, (out, buffer) -> {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    out.writeBytes(bytes);
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    /** A blocking stream over {@code buffers}; subscribes at the first read, cancels on close. */
    static InputStream inputStreamOf(Flux<ByteBuffer> buffers) {
        return new BufferInputStream(buffers);
    }

    /** The stream's bytes in chunks, read on the bounded elastic scheduler; the stream is closed at the end. */
    static Flux<ByteBuffer> chunksOf(Callable<InputStream> open) {
        return Flux.using(open, stream -> Flux.<ByteBuffer>generate(sink -> {
            try {
                // readNBytes(int) would read in 8 KiB pieces and copy them together; this reads into the chunk
                byte[] chunk = new byte[CHUNK];
                int length = stream.readNBytes(chunk, 0, CHUNK);
                if (length > 0) {
                    sink.next(ByteBuffer.wrap(chunk, 0, length));
                }
                if (length < CHUNK) {
                    sink.complete();
                }
            } catch (IOException e) {
                sink.error(e);
            }
        }), ByteStreams::closeQuietly).subscribeOn(Schedulers.boundedElastic());
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // Nothing was written through it; the stream's own failure was already reported.
        }
    }

    private static final class BufferInputStream extends InputStream {

        private final Flux<ByteBuffer> buffers;
        private Iterator<ByteBuffer> iterator;
        private Stream<ByteBuffer> stream;
        private ByteBuffer current = ByteBuffer.allocate(0);

        BufferInputStream(Flux<ByteBuffer> buffers) {
            this.buffers = buffers;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (!current.hasRemaining()) {
                if (!next()) {
                    return -1;
                }
            }
            int take = Math.min(length, current.remaining());
            current.get(bytes, offset, take);
            return take;
        }

        /** Blocks for the next buffer; a failure of the source is rethrown here, unchecked, as it was raised. */
        private boolean next() {
            if (iterator == null) {
                stream = buffers.toStream(PREFETCH);
                iterator = stream.iterator();
            }
            if (!iterator.hasNext()) {
                return false;
            }
            current = iterator.next();
            return true;
        }

        @Override
        public void close() {
            if (stream != null) {
                stream.close();
            }
        }
    }
}
