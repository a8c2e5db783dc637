package io.healthkey.backend.application.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.support.TrackedBuffers;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;

class EnvelopeShapeCheckTest {

    private static final RecordId ID = RecordId.parse("0x" + "ab".repeat(20) + "1000" + "00".repeat(9) + "07");
    private static final byte[] ENVELOPE = new EnvelopeEncryptor().encrypt(EnvelopeKey.generate(), ID, new byte[3000]);
    private static final byte[] VERSION_2 = new EnvelopeEncryptor().encrypt(EnvelopeKey.generate(), ID,
            EncryptionPrivateKey.generate().publicKey(), new byte[3000]);

    private final TrackedBuffers buffers = new TrackedBuffers();

    @AfterEach
    void everyBufferIsReleasedWhateverTheOutcome() {
        buffers.assertAllReleased();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 41, 1000, 100_000})
    void aWholeEnvelopePassesUnchangedInAnyChunking(int chunk) {
        assertThat(join(EnvelopeShapeCheck.checked(chunks(ENVELOPE, chunk), 1 << 20))).isEqualTo(ENVELOPE);
    }

    @Test
    void anotherVersionOrSegmentSizeIsRefusedAtTheFirstBytes() {
        byte[] otherVersion = ENVELOPE.clone();
        otherVersion[0] = 3;
        byte[] otherSegmentSize = ENVELOPE.clone();
        otherSegmentSize[1] = 16;

        assertRefused(chunks(otherVersion, 1), "RECORD-0014");
        assertRefused(chunks(otherSegmentSize, 1), "RECORD-0014");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 41, 74, 203, 1000})
    void aVersion2EnvelopePassesUnchangedInAnyChunking(int chunk) {
        assertThat(join(EnvelopeShapeCheck.checked(chunks(VERSION_2, chunk), 1 << 20))).isEqualTo(VERSION_2);
    }

    @Test
    void aVersion2HeaderWithoutAPatientKeyOrSlotIsRefused() {
        byte[] keyOffTheCurve = VERSION_2.clone();
        keyOffTheCurve[41] = 0x07;
        byte[] slotWithoutEphemeralKey = VERSION_2.clone();
        slotWithoutEphemeralKey[74] = 0x02;

        assertRefused(chunks(keyOffTheCurve, 50), "RECORD-0014");
        assertRefused(chunks(slotWithoutEphemeralKey, 7), "RECORD-0014");
    }

    @Test
    void aVersion2EnvelopeIsAtLeastItsHeaderAndOneTag() {
        assertRefused(chunks(Arrays.copyOf(VERSION_2, 218), 100), "RECORD-0014");
        assertRefused(chunks(Arrays.copyOf(VERSION_2, 203), 100), "RECORD-0014");
        assertThat(join(EnvelopeShapeCheck.checked(chunks(Arrays.copyOf(VERSION_2, 219), 100), 1 << 20)))
                .hasSize(219);
        assertRefused(chunks(Arrays.copyOf(VERSION_2, 150), 100), "RECORD-0014");
    }

    /** Without the key only lengths can be checked: those no plaintext encrypts to. The reader's tags do the rest. */
    @Test
    void lengthsNoEnvelopeHasAreRefusedAtTheEnd() {
        int segment = 1 << 20;
        byte[] twoSegments = new EnvelopeEncryptor().encrypt(EnvelopeKey.generate(), ID, new byte[segment + 100]);
        byte[] oneFullSegment = new EnvelopeEncryptor().encrypt(EnvelopeKey.generate(), ID, new byte[segment]);

        assertRefused(chunks(Arrays.copyOf(twoSegments, 41 + segment + 16 + 15), 65_536), "RECORD-0014");
        assertRefused(chunks(Arrays.copyOf(oneFullSegment, oneFullSegment.length + 16), 65_536), "RECORD-0014");
        assertRefused(chunks(Arrays.copyOf(ENVELOPE, 56), 8), "RECORD-0014");
        assertRefused(Flux.empty(), "RECORD-0014");
        assertThat(join(EnvelopeShapeCheck.checked(chunks(twoSegments, 65_536), 1 << 21))).isEqualTo(twoSegments);
    }

    @Test
    void moreThanTheLimitIsRefusedAsSoonAsItIsExceeded() {
        List<Integer> emitted = new ArrayList<>();
        assertThatThrownBy(() -> EnvelopeShapeCheck.checked(chunks(ENVELOPE, 1000), 2500)
                        .doOnNext(buffer -> {
                            emitted.add(buffer.readableByteCount());
                            DataBufferUtils.release(buffer);
                        }).blockLast())
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("REQUEST-0005"));
        assertThat(emitted).containsExactly(1000, 1000);
        assertThat(buffers.made()).isEqualTo(3);
    }

    private static void assertRefused(Flux<DataBuffer> envelope, String code) {
        assertThatThrownBy(() -> join(EnvelopeShapeCheck.checked(envelope, 1 << 22)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private Flux<DataBuffer> chunks(byte[] bytes, int size) {
        return buffers.pieces(bytes, size);
    }

    /** All the bytes, each buffer released. */
    static byte[] join(Flux<DataBuffer> buffers) {
        return BlockingStreamBridge.collect(buffers, Integer.MAX_VALUE - 8).block();
    }
}
