package io.healthkey.backend.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;

class ByteStreamsTest {

    private static final RecordId ID = RecordId.parse("0x" + "cd".repeat(20) + "0002" + "00".repeat(9) + "01");

    @Test
    void encryptsAStreamThroughTheBridgesAndDecryptsItBack() {
        byte[] plaintext = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(plaintext);
        EnvelopeKey key = EnvelopeKey.generate();
        EnvelopeEncryptor envelopes = new EnvelopeEncryptor();

        Flux<ByteBuffer> ciphertext = ByteStreams.chunksOf(() -> envelopes.ciphertextOf(key, ID,
                ByteStreams.inputStreamOf(EnvelopeShapeCheckTest.chunks(plaintext, 10_000))));
        byte[] envelope = EnvelopeShapeCheckTest.join(ciphertext);
        byte[] decrypted = EnvelopeShapeCheckTest.join(ByteStreams.chunksOf(() -> envelopes.decryptingStream(key, ID,
                ByteStreams.inputStreamOf(EnvelopeShapeCheckTest.chunks(envelope, 65_536)))));

        assertThat(envelope).hasSize((int) EnvelopeEncryptor.ciphertextLength(plaintext.length));
        assertThat(decrypted).isEqualTo(plaintext);
    }

    @Test
    void aFailureOfTheSourceReachesTheReaderAndClosingCancelsTheSource() throws IOException {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<ByteBuffer> failing = Flux.just(ByteBuffer.wrap(new byte[] {1, 2}))
                .concatWith(Flux.error(new IllegalStateException("source broke")));
        Flux<ByteBuffer> endless = Flux.<ByteBuffer>generate(sink -> sink.next(ByteBuffer.wrap(new byte[] {9})))
                .doOnCancel(() -> cancelled.set(true)).subscribeOn(Schedulers.boundedElastic());

        try (InputStream in = ByteStreams.inputStreamOf(failing)) {
            assertThatThrownBy(in::readAllBytes).hasMessageContaining("source broke");
        }
        InputStream in = ByteStreams.inputStreamOf(endless);
        assertThat(in.read()).isEqualTo(9);
        in.close();
        assertThat(cancelled).isTrue();
    }

    @Test
    void limitedAndCollectStopAtTheirLimit() {
        assertThatThrownBy(() -> ByteStreams.collect(Flux.just(ByteBuffer.allocate(6), ByteBuffer.allocate(5)), 10)
                .block())
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("REQUEST-0005"));
        assertThat(ByteStreams.collect(Flux.just(ByteBuffer.allocate(6), ByteBuffer.allocate(4)), 10).block())
                .hasSize(10);
        assertThat(EnvelopeShapeCheckTest.join(ByteStreams.chunksOf(() -> new ByteArrayInputStream(new byte[0]))))
                .isEmpty();
    }
}
