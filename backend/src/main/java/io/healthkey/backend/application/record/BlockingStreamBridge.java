package io.healthkey.backend.application.record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;

/**
 * Bridges between reactive byte streams and the blocking streams of the envelope code. Memory stays bounded: the
 * input side prefetches a few buffers, the output side reads one chunk at a time. Both block, so both run on the
 * bounded elastic scheduler, never on the event loop.
 */
public final class BlockingStreamBridge {

    /** Kubo's chunk size: the content store hands each buffer to Kubo as one write (see KuboContentStore). */
    public static final int CHUNK = 256 * 1024;
    private static final int PREFETCH = 4;

    private BlockingStreamBridge() {
    }

    /**
     * The buffers, at most {@code max} bytes in all; more fails with {@code REQUEST-0005}, the buffer that went over
     * released.
     */
    public static Flux<DataBuffer> limited(Flux<DataBuffer> buffers, long max) {
        return Flux.defer(() -> {
            long[] seen = {0};
            return buffers.handle((buffer, sink) -> {
                seen[0] += buffer.readableByteCount();
                if (seen[0] > max) {
                    DataBufferUtils.release(buffer);
                    sink.error(new DomainException(ErrorCode.REQUEST_TOO_LARGE, "this body is limited to " + max
                            + " bytes"));
                } else {
                    sink.next(buffer);
                }
            });
        });
    }

    /** All the bytes in one array, at most {@code max} of them; more fails with {@code REQUEST-0005}. */
    public static Mono<byte[]> collect(Flux<DataBuffer> buffers, int max) {
        return limited(buffers, max)
                .collect(ByteArrayOutputStream::new, (out, buffer) -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        out.writeBytes(bytes);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .map(ByteArrayOutputStream::toByteArray)
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /**
     * A blocking stream over {@code buffers}, releasing each once read and the rest on close (Spring's). A failure
     * of the source is rethrown from {@code read} as it was raised.
     */
    public static InputStream inputStreamOf(Flux<DataBuffer> buffers) {
        return DataBufferUtils.subscriberInputStream(buffers, PREFETCH);
    }

    /** A blocking stream over plain buffers (read back from the content store). */
    public static InputStream inputStreamOfBytes(Flux<ByteBuffer> buffers) {
        return inputStreamOf(buffers.map(DefaultDataBufferFactory.sharedInstance::wrap));
    }

    /** The stream's bytes in new arrays of up to {@link #CHUNK} bytes, read on the bounded elastic scheduler. */
    public static Flux<ByteBuffer> chunksOf(Callable<InputStream> open) {
        return chunks(open, (stream, sink) -> {
            // readNBytes(int) would read in 8 KiB pieces and copy them together; this reads into the chunk
            byte[] chunk = new byte[CHUNK];
            int length = stream.readNBytes(chunk, 0, CHUNK);
            if (length > 0) {
                sink.next(ByteBuffer.wrap(chunk, 0, length));
            }
            return length;
        });
    }

    /**
     * The stream's bytes in buffers of up to {@link #CHUNK} bytes from {@code buffers} (a pool: whoever takes a buffer
     * releases it), read on the bounded elastic scheduler through one staging array, so that a large upload leaves
     * no garbage behind.
     */
    public static Flux<DataBuffer> chunksOf(Callable<InputStream> open, DataBufferFactory buffers) {
        return Flux.defer(() -> {
            byte[] staging = new byte[CHUNK];
            return BlockingStreamBridge.<DataBuffer>chunks(open, (stream, sink) -> {
                int length = stream.readNBytes(staging, 0, CHUNK);
                if (length > 0) {
                    sink.next(buffers.allocateBuffer(length).write(staging, 0, length));
                }
                return length;
            });
        }).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /** Reads one chunk of the stream into the sink; answers how many bytes it read. */
    private interface ChunkReader<T> {
        int read(InputStream stream, SynchronousSink<T> sink) throws IOException;
    }

    private static <T> Flux<T> chunks(Callable<InputStream> open, ChunkReader<T> reader) {
        return Flux.using(open, stream -> Flux.<T>generate(sink -> {
            try {
                if (reader.read(stream, sink) < CHUNK) {
                    sink.complete();
                }
            } catch (IOException e) {
                sink.error(e);
            }
        }), BlockingStreamBridge::closeQuietly).subscribeOn(Schedulers.boundedElastic());
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // Nothing was written through it; the stream's own failure was already reported.
        }
    }
}
