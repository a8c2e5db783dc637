package io.healthkey.backend.application.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.support.TrackedBuffers;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;

class BlockingStreamBridgeTest {

    private static final RecordId ID = RecordId.parse("0x" + "cd".repeat(20) + "0002" + "00".repeat(9) + "01");

    private final TrackedBuffers buffers = new TrackedBuffers();

    @AfterEach
    void everyBufferIsReleasedWhateverTheOutcome() {
        buffers.assertAllReleased();
    }

    @Test
    void encryptsAStreamThroughTheBridgesIntoPooledBuffersAndDecryptsItBack() {
        byte[] plaintext = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(plaintext);
        EnvelopeKey key = EnvelopeKey.generate();
        EnvelopeEncryptor envelopes = new EnvelopeEncryptor();
        NettyDataBufferFactory pool = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
        List<DataBuffer> ciphertextBuffers = new CopyOnWriteArrayList<>();

        Flux<DataBuffer> ciphertext = BlockingStreamBridge.chunksOf(() -> envelopes.ciphertextOf(key, ID,
                BlockingStreamBridge.inputStreamOf(buffers.pieces(plaintext, 10_000))), pool).doOnNext(ciphertextBuffers::add);
        byte[] envelope = EnvelopeShapeCheckTest.join(ciphertext);
        byte[] decrypted = joinPlain(BlockingStreamBridge.chunksOf(() -> envelopes.decryptingStream(key, ID,
                BlockingStreamBridge.inputStreamOf(buffers.pieces(envelope, 65_536)))));

        assertThat(envelope).hasSize((int) EnvelopeEncryptor.ciphertextLength(plaintext.length));
        assertThat(decrypted).isEqualTo(plaintext);
        assertThat(ciphertextBuffers).hasSizeGreaterThan(10).allSatisfy(buffer -> {
            assertThat(buffer.readableByteCount()).isLessThanOrEqualTo(BlockingStreamBridge.CHUNK);
            assertThat(((NettyDataBuffer) buffer).getNativeBuffer().refCnt()).isZero();
        });
    }

    @Test
    void aFailureOfTheSourceReachesTheReaderAsRaisedAndClosingCancelsTheSource() throws IOException {
        AtomicBoolean cancelled = new AtomicBoolean();
        byte[] nine = {9};
        Flux<DataBuffer> failing = buffers.pieces(new byte[] {1, 2}, 2)
                .concatWith(Flux.error(new DomainException(ErrorCode.REQUEST_TOO_LARGE, "source broke")));
        Flux<DataBuffer> endless = Flux.<DataBuffer>generate(sink -> sink.next(buffers.of(nine, 0, 1)))
                .doOnCancel(() -> cancelled.set(true)).subscribeOn(Schedulers.boundedElastic());

        try (InputStream in = BlockingStreamBridge.inputStreamOf(failing)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(DomainException.class).hasMessageContaining("source broke");
        }
        InputStream in = BlockingStreamBridge.inputStreamOf(endless);
        assertThat(in.read()).isEqualTo(9);
        in.close();
        assertThat(cancelled).isTrue();
    }

    @Test
    void limitedAndCollectStopAtTheirLimitAndReleaseWhatTheyTook() {
        byte[] eleven = new byte[11];
        assertThatThrownBy(() -> BlockingStreamBridge.collect(buffers.pieces(eleven, 6), 10).block())
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("REQUEST-0005"));
        assertThat(BlockingStreamBridge.collect(buffers.pieces(new byte[10], 6), 10).block()).hasSize(10);
        assertThatThrownBy(() -> BlockingStreamBridge.limited(buffers.pieces(new byte[30], 7), 20)
                        .doOnNext(DataBufferUtils::release).blockLast())
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("REQUEST-0005"));
        assertThat(joinPlain(BlockingStreamBridge.chunksOf(() -> new ByteArrayInputStream(new byte[0])))).isEmpty();
    }

    private static byte[] joinPlain(Flux<ByteBuffer> chunks) {
        return EnvelopeShapeCheckTest.join(chunks.map(DefaultDataBufferFactory.sharedInstance::wrap));
    }
}
