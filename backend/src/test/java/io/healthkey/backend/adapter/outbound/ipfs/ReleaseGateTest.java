package io.healthkey.backend.adapter.outbound.ipfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import io.healthkey.backend.support.TrackedBuffers;

class ReleaseGateTest {

    private final TrackedBuffers buffers = new TrackedBuffers();

    @AfterEach
    void everyPieceIsReleasedWhateverTheOutcome() {
        buffers.assertAllReleased();
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    @Test
    void groupsPiecesIntoWritesOverTheirOwnMemoryAndShowsEveryByteToTheInspectorInOrder() {
        byte[] body = bytes(10 * 1000 + 123);
        ByteArrayOutputStream inspected = new ByteArrayOutputStream();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();

        ReleaseGate.gated(buffers.pieces(body, 1000), 2, 3, 2500, view -> {
                    byte[] seen = new byte[view.remaining()];
                    view.get(seen);
                    inspected.writeBytes(seen);
                })
                .doOnNext(write -> {
                    assertThat(write.isDirect()).as("direct pieces make a direct write, not a copy").isTrue();
                    assertThat(write.nioBufferCount()).as("one component per piece").isEqualTo(
                            (write.readableBytes() + 999) / 1000);
                    sizes.add(write.readableBytes());
                    byte[] out = new byte[write.readableBytes()];
                    write.readBytes(out);
                    sent.writeBytes(out);
                    write.release();
                })
                .blockLast();

        assertThat(sizes).containsExactly(3000, 3000, 3000, 1123);
        assertThat(sent.toByteArray()).isEqualTo(body);
        assertThat(inspected.toByteArray()).isEqualTo(body);
    }

    @Test
    void asksForMorePiecesOnlyWhileFewerThanThePermitsAreUnreleased() {
        AtomicLong requested = new AtomicLong();
        Flux<DataBuffer> source = buffers.pieces(bytes(40), 1).doOnRequest(requested::addAndGet);
        List<ByteBuf> taken = new ArrayList<>();

        // writes of 2 pieces, 2 permits, 2 pieces asked for at a time
        StepVerifier.create(ReleaseGate.gated(source, 2, 2, 2, view -> { }), Long.MAX_VALUE)
                .recordWith(() -> taken)
                .expectNextCount(2)
                .then(() -> assertThat(requested).hasValue(4))
                .then(() -> taken.get(0).release())
                .expectNextCount(1)
                .then(() -> assertThat(requested).hasValue(6))
                .then(() -> List.copyOf(taken.subList(1, 3)).forEach(ByteBuf::release))
                .thenConsumeWhile(write -> write.release())
                .verifyComplete();
        assertThat(taken).hasSize(20).allSatisfy(write -> assertThat(write.refCnt()).isZero());
    }

    @Test
    void aPieceIsReleasedOnlyWithTheWriteItWentInto() {
        byte[] body = bytes(8);
        List<DataBuffer> pieces = new ArrayList<>();

        ByteBuf write = ReleaseGate.gated(buffers.pieces(body, 4).doOnNext(pieces::add), 1, 2, 8, view -> { })
                .blockFirst();

        assertThat(pieces).hasSize(2).allSatisfy(piece -> assertThat(references(piece)).isEqualTo(1));
        assertThat(write.release()).isTrue();
        assertThat(pieces).allSatisfy(piece -> assertThat(references(piece)).isZero());
    }

    private static int references(DataBuffer piece) {
        return ((NettyDataBuffer) piece).getNativeBuffer().refCnt();
    }

    @Test
    void aFailureReleasesWhatIsPendingAndReachesTheSubscriber() {
        Flux<DataBuffer> failing = buffers.pieces(bytes(5), 1)
                .concatWith(Flux.error(new IllegalStateException("client went away")));

        StepVerifier.create(ReleaseGate.gated(failing, 2, 4, 1000, view -> { }))
                .verifyErrorMessage("client went away");
        assertThat(buffers.made()).isEqualTo(5);
    }

    @Test
    void cancellingReleasesWhatIsPendingAndCancelsTheSource() {
        AtomicLong cancelled = new AtomicLong();
        Flux<DataBuffer> slow = buffers.pieces(bytes(3), 1).concatWith(Flux.never())
                .doOnCancel(cancelled::incrementAndGet);

        StepVerifier.create(ReleaseGate.gated(slow, 2, 4, 1000, view -> { }))
                .expectSubscription()
                .thenAwait()
                .thenCancel()
                .verify();
        assertThat(cancelled).hasValue(1);
        assertThat(buffers.made()).isEqualTo(3);
    }

    @Test
    void anInspectorThatFailsFailsTheUploadAndLeaksNothing() {
        StepVerifier.create(ReleaseGate.gated(buffers.pieces(bytes(10), 2), 2, 2, 4, view -> {
                    throw new IllegalStateException("inspector refused");
                }))
                .verifyErrorMessage("inspector refused");
    }

    @Test
    void plainHeapBuffersAreWrittenTooAndAnEmptySourceGivesNoWrite() {
        ByteBuffer heap = ByteBuffer.wrap("hello".getBytes());
        ByteBuf write = ReleaseGate.gated(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(heap)), 1, 1, 4,
                view -> { }).blockFirst();
        assertThat(write.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        write.release();

        StepVerifier.create(ReleaseGate.gated(Flux.empty(), 1, 1, 4, view -> { })).verifyComplete();
    }
}
