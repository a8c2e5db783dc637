package io.healthkey.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.buffer.PooledByteBufAllocator;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * Request-body buffers as the server hands them on: pooled direct memory, each piece starting a few bytes into its
 * buffer. Remembers every buffer it made, so that a test can check that whoever took them released each one.
 */
public final class TrackedBuffers {

    /** Bytes in front of each piece's data, as a server's read may leave them: readers must honour the position. */
    private static final byte[] HEAD_ROOM = {9, 9, 9};

    private final List<NettyDataBuffer> made = new CopyOnWriteArrayList<>();
    private final NettyDataBufferFactory factory = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT) {
        @Override
        public NettyDataBuffer allocateBuffer(int initialCapacity) {
            NettyDataBuffer buffer = super.allocateBuffer(initialCapacity);
            made.add(buffer);
            return buffer;
        }
    };

    /** A pooled direct buffer holding {@code bytes[from, to)}. */
    public DataBuffer of(byte[] bytes, int from, int to) {
        NettyDataBuffer buffer = factory.allocateBuffer(HEAD_ROOM.length + to - from);
        buffer.write(HEAD_ROOM).write(bytes, from, to - from);
        buffer.readPosition(HEAD_ROOM.length);
        return buffer;
    }

    /** {@code bytes} in pieces of {@code size}, each made only when it is asked for. */
    public Flux<DataBuffer> pieces(byte[] bytes, int size) {
        int count = (bytes.length + size - 1) / size;
        return Flux.range(0, count).map(i -> of(bytes, i * size, Math.min(bytes.length, (i + 1) * size)));
    }

    /** The pool itself, for code that allocates its own buffers: each one it allocates is tracked too. */
    public DataBufferFactory pool() {
        return factory;
    }

    public int made() {
        return made.size();
    }

    /** Fails unless every buffer made here was released exactly down to zero references. */
    public void assertAllReleased() {
        assertThat(made).as("buffers made").allSatisfy(buffer ->
                assertThat(buffer.getNativeBuffer().refCnt()).as("references left").isZero());
    }
}
