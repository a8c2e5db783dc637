package io.healthkey.backend.adapter.out.ipfs;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Bounds the upload bytes held in memory on their way to Kubo. Reactor Netty asks for 128 buffers ahead of what it
 * has written ({@code reactor.netty.send.maxPrefetchSize}); with 256 KiB buffers and a slow node that could be
 * 32 MiB of heap. Here the next buffer is requested only when Netty has released one it was given, so at most
 * {@code permits} are taken and not yet written.
 */
final class ReleaseGate {

    private ReleaseGate() {
    }

    /**
     * The buffers as Netty buffers over the same bytes (no copy), each shown to {@code inspect} first, at most
     * {@code permits} of them unreleased at a time.
     */
    static Flux<ByteBuf> gated(Flux<ByteBuffer> source, int permits, Consumer<ByteBuffer> inspect) {
        return Flux.create(sink -> {
            Gate gate = new Gate(sink, permits, inspect);
            sink.onDispose(gate::dispose);
            source.subscribe(gate);
        });
    }

    private static final class Gate extends BaseSubscriber<ByteBuffer> {

        private final FluxSink<ByteBuf> sink;
        private final int permits;
        private final Consumer<ByteBuffer> inspect;

        Gate(FluxSink<ByteBuf> sink, int permits, Consumer<ByteBuffer> inspect) {
            this.sink = sink;
            this.permits = permits;
            this.inspect = inspect;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(permits);
        }

        @Override
        protected void hookOnNext(ByteBuffer buffer) {
            ByteBuf wrapped = ReleasedHeapBuf.of(buffer, this::released);
            inspect.accept(buffer);
            sink.next(wrapped);
        }

        private void released() {
            if (!isDisposed()) {
                request(1);
            }
        }

        @Override
        protected void hookOnComplete() {
            sink.complete();
        }

        @Override
        protected void hookOnError(Throwable failure) {
            sink.error(failure);
        }
    }

    /** A Netty heap buffer over a ByteBuffer's bytes that says when its last reference is released. */
    private static final class ReleasedHeapBuf extends UnpooledHeapByteBuf {

        private final Runnable onRelease;

        private ReleasedHeapBuf(byte[] array, int from, int to, Runnable onRelease) {
            super(UnpooledByteBufAllocator.DEFAULT, array, array.length);
            this.onRelease = onRelease;
            setIndex(from, to);
        }

        static ByteBuf of(ByteBuffer buffer, Runnable onRelease) {
            if (!buffer.hasArray()) {
                byte[] copy = new byte[buffer.remaining()];
                buffer.duplicate().get(copy);
                return new ReleasedHeapBuf(copy, 0, copy.length, onRelease);
            }
            int offset = buffer.arrayOffset();
            return new ReleasedHeapBuf(buffer.array(), offset + buffer.position(), offset + buffer.limit(), onRelease);
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            onRelease.run();
        }
    }
}
