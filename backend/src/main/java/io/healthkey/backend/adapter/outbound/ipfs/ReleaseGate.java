package io.healthkey.backend.adapter.outbound.ipfs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Hands an upload's buffers to Netty as writes of about {@code writeSize} bytes, without copying them, and bounds
 * what is held on the way.
 * <ul>
 *   <li><b>No copy.</b> A write is a composite over the buffers' own memory: the request body's pooled buffers go
 *       to Kubo's socket as they came from the client's (direct memory is written as it is).</li>
 *   <li><b>Large writes.</b> Request bodies arrive in pieces of up to 64 KiB; Kubo spends far less CPU on a few
 *       large writes than on many small ones, so pieces are grouped.</li>
 *   <li><b>Bounded.</b> Reactor Netty asks for 128 writes ahead of what it has written
 *       ({@code reactor.netty.send.maxPrefetchSize}). Here more pieces are asked for only while fewer than
 *       {@code permits} writes are unreleased, {@code prefetch} pieces at a time: at most
 *       {@code permits × writeSize} bytes plus {@code prefetch} pieces are held.</li>
 *   <li><b>Ownership.</b> Every buffer taken from the source is released exactly once: when Netty releases the
 *       write it went into, or at once if the stream fails or is cancelled first.</li>
 * </ul>
 */
final class ReleaseGate {

    private ReleaseGate() {
    }

    /**
     * The source's bytes as Netty writes of at least {@code writeSize} bytes (the last one shorter), each readable
     * buffer shown to {@code inspect} first, at most {@code permits} writes unreleased before more is asked for.
     */
    static Flux<ByteBuf> gated(Flux<DataBuffer> source, int permits, int prefetch, int writeSize,
            Consumer<ByteBuffer> inspect) {
        return Flux.<ByteBuf>create(sink -> {
            Gate gate = new Gate(sink, permits, prefetch, writeSize, inspect);
            sink.onDispose(gate::close);
            source.subscribe(gate);
        }).doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
    }

    private static final class Gate extends BaseSubscriber<DataBuffer> {

        private final FluxSink<ByteBuf> sink;
        private final int permits;
        private final int prefetch;
        private final int writeSize;
        private final Consumer<ByteBuffer> inspect;
        private final AtomicInteger unreleased = new AtomicInteger();
        /** Pieces asked for and not yet received; read and written under the gate's lock. */
        private int awaited;
        private List<DataBuffer> pending = new ArrayList<>();
        private int pendingBytes;
        private boolean closed;

        Gate(FluxSink<ByteBuf> sink, int permits, int prefetch, int writeSize, Consumer<ByteBuffer> inspect) {
            this.sink = sink;
            this.permits = permits;
            this.prefetch = prefetch;
            this.writeSize = writeSize;
            this.inspect = inspect;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            askIfOpen();
        }

        @Override
        protected void hookOnNext(DataBuffer piece) {
            List<DataBuffer> full = null;
            synchronized (this) {
                awaited--;
                if (closed) {
                    DataBufferUtils.release(piece);
                    return;
                }
                pending.add(piece);
                pendingBytes += piece.readableByteCount();
                if (pendingBytes >= writeSize) {
                    full = takePending();
                }
            }
            if (full != null) {
                sink.next(writeOf(full));
            }
            askIfOpen();
        }

        @Override
        protected void hookOnComplete() {
            List<DataBuffer> last;
            synchronized (this) {
                last = closed ? List.of() : takePending();
            }
            if (!last.isEmpty()) {
                sink.next(writeOf(last));
            }
            sink.complete();
        }

        @Override
        protected void hookOnError(Throwable failure) {
            releasePending();
            sink.error(failure);
        }

        /** Downstream cancelled or the stream ended: nothing more is taken, and what is pending is released. */
        void close() {
            dispose();
            releasePending();
        }

        private void askIfOpen() {
            boolean ask;
            synchronized (this) {
                ask = !closed && awaited == 0 && unreleased.get() < permits;
                if (ask) {
                    awaited = prefetch;
                }
            }
            if (ask) {
                request(prefetch);
            }
        }

        /** Takes the pending pieces out; each write taken counts until it is released. Called under the lock. */
        private List<DataBuffer> takePending() {
            List<DataBuffer> pieces = pending;
            pending = new ArrayList<>();
            pendingBytes = 0;
            if (!pieces.isEmpty()) {
                unreleased.incrementAndGet();
            }
            return pieces;
        }

        /** One write over the pieces' memory, each readable buffer inspected in order (outside the lock). */
        private ByteBuf writeOf(List<DataBuffer> pieces) {
            Write write = new Write(pieces, this::released);
            try {
                for (DataBuffer piece : pieces) {
                    try (DataBuffer.ByteBufferIterator views = piece.readableByteBuffers()) {
                        while (views.hasNext()) {
                            ByteBuffer view = views.next();
                            write.addComponent(true, Unpooled.wrappedBuffer(view.duplicate()));
                            inspect.accept(view);
                        }
                    }
                }
                return write;
            } catch (RuntimeException | Error e) {
                write.release();
                throw e;
            }
        }

        private void released() {
            unreleased.decrementAndGet();
            askIfOpen();
        }

        private void releasePending() {
            List<DataBuffer> dropped;
            synchronized (this) {
                closed = true;
                dropped = pending;
                pending = new ArrayList<>();
                pendingBytes = 0;
            }
            dropped.forEach(DataBufferUtils::release);
        }
    }

    /** A write over the pieces' memory that releases the pieces, then says so, when Netty releases it. */
    private static final class Write extends CompositeByteBuf {

        /** More components than any write has: a composite past its limit copies them into one buffer. */
        private static final int MAX_COMPONENTS = 1024;

        private final List<DataBuffer> pieces;
        private final Runnable onRelease;

        Write(List<DataBuffer> pieces, Runnable onRelease) {
            super(UnpooledByteBufAllocator.DEFAULT, true, MAX_COMPONENTS);
            this.pieces = pieces;
            this.onRelease = onRelease;
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            pieces.forEach(DataBufferUtils::release);
            onRelease.run();
        }
    }
}
