package io.healthkey.protocol.envelope;

import static io.healthkey.protocol.envelope.EnvelopeFixtures.NEXT_VERSION;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.RECORD;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.SMALL_EXPONENT;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.SMALL_SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.EnvelopeDecryptionException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way in and out agrees: streams written or read in chunks of any size, and the byte[] methods. */
class EnvelopeRoundTripTest {

    static final EnvelopeEncryptor SMALL = InsecureEnvelopeEncryptors.insecureSmallSegments(SMALL_EXPONENT);
    static final EnvelopeEncryptor V1 = new EnvelopeEncryptor();

    @Test
    void roundTripsRandomSizesThroughEveryPathWithSmallSegments() throws IOException {
        Random random = new Random(20261125);
        for (int trial = 0; trial < 400; trial++) {
            int length = trial < 4 * SMALL_SEGMENT + 2 ? trial : random.nextInt(40 * SMALL_SEGMENT);
            assertRoundTrips(SMALL, SMALL_SEGMENT, EnvelopeKey.generate(), random.nextBoolean() ? RECORD : NEXT_VERSION,
                    EnvelopeFixtures.random(random, length), random);
        }
    }

    @Test
    void roundTripsWhileSegmentBuffersGrowFromSmallToFull() throws IOException {
        // 32 KiB segments: the stream buffers start at 8 KiB and grow twice within the first segment.
        EnvelopeEncryptor encryptor = InsecureEnvelopeEncryptors.insecureSmallSegments(15);
        Random random = new Random(15);
        for (int trial = 0; trial < 40; trial++) {
            int length = random.nextInt(5 << 15);
            assertRoundTrips(encryptor, 1 << 15, EnvelopeKey.generate(), RECORD,
                    EnvelopeFixtures.random(random, length), random);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 5 << 19, 3 << 20})
    void roundTripsVersion1SizesAroundTheMegabyteSegment(int length) throws IOException {
        Random random = new Random(length);
        assertRoundTrips(V1, 1 << 20, EnvelopeKey.generate(), RECORD, EnvelopeFixtures.random(random, length), random);
    }

    @Test
    void encryptsEachTimeUnderAFreshSaltAndNoncePrefix() {
        EnvelopeKey key = EnvelopeKey.generate();
        byte[] first = V1.encrypt(key, RECORD, new byte[10]);
        byte[] second = V1.encrypt(key, RECORD, new byte[10]);

        assertThat(EnvelopeFixtures.header(first)).isNotEqualTo(EnvelopeFixtures.header(second));
        assertThat(first).isNotEqualTo(second);
        assertThat(V1.decrypt(key, RECORD, second)).isEqualTo(new byte[10]);
    }

    @Test
    void predictsTheCiphertextLength() {
        assertThat(EnvelopeEncryptor.ciphertextLength(0)).isEqualTo(41 + 16);
        assertThat(EnvelopeEncryptor.ciphertextLength(1 << 20)).isEqualTo(41 + (1 << 20) + 16);
        assertThat(EnvelopeEncryptor.ciphertextLength((1 << 20) + 1)).isEqualTo(41 + (1 << 20) + 1 + 32);
        assertThat(EnvelopeEncryptor.ciphertextLength(1L << 52)).isEqualTo(41 + (1L << 52) + (16L << 32));
        assertThatThrownBy(() -> EnvelopeEncryptor.ciphertextLength((1L << 52) + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvelopeEncryptor.ciphertextLength(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesNothingButTheHeaderAndSegmentsAtClose() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = V1.encryptingStream(EnvelopeKey.generate(), RECORD, sink);
        out.write(new byte[100]);
        out.flush();
        assertThat(sink.size()).isZero();

        out.close();
        out.close();
        assertThat(sink.size()).isEqualTo(41 + 100 + 16);
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void failsEveryWriteAndTheCloseOnceTheSinkFailed() throws IOException {
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger closes = new AtomicInteger();
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (writes.incrementAndGet() == 2) {
                    throw new IOException("sink failed");
                }
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        OutputStream out = SMALL.encryptingStream(EnvelopeKey.generate(), RECORD, sink);

        // Header, then the first segment: the sink fails on it.
        assertThatThrownBy(() -> out.write(new byte[3 * SMALL_SEGMENT])).hasMessage("sink failed");
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class).hasMessageContaining("incomplete");
        assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessageContaining("incomplete");
        assertThat(closes).hasValue(1);
        assertThat(writes).hasValue(2);
    }

    @Test
    void failsEveryReadAfterTheFirstFailure() throws IOException {
        byte[] envelope = SMALL.encrypt(EnvelopeKey.generate(), RECORD, new byte[10]);
        InputStream in = SMALL.decryptingStream(EnvelopeKey.generate(), RECORD, new ByteArrayInputStream(envelope));

        assertThatThrownBy(in::read).isInstanceOf(EnvelopeDecryptionException.class);
        assertThatThrownBy(in::read).isInstanceOf(EnvelopeDecryptionException.class);
        assertThatThrownBy(() -> in.readAllBytes()).isInstanceOf(EnvelopeDecryptionException.class);
    }

    @Test
    void keepsKeyBytesOutOfToString() {
        EnvelopeKey key = EnvelopeKey.fromBytes(new byte[32]);
        assertThat(key.toString()).isEqualTo("EnvelopeKey[redacted]");
        assertThat(key.toBytes()).isEqualTo(new byte[32]);
        assertThat(EnvelopeKey.generate().toBytes()).hasSize(32).isNotEqualTo(EnvelopeKey.generate().toBytes());
        assertThatThrownBy(() -> EnvelopeKey.fromBytes(new byte[31]))
                .hasMessageContaining("32 bytes").extracting(e -> ((io.healthkey.protocol.ProtocolException) e).code())
                .isEqualTo("PROTO-0001");
    }

    private static void assertRoundTrips(EnvelopeEncryptor encryptor, int segmentSize, EnvelopeKey key,
                                         io.healthkey.protocol.RecordId id, byte[] plaintext, Random random)
            throws IOException {
        int maxChunk = 3 * segmentSize;
        byte[] viaArray = encryptor.encrypt(key, id, plaintext);

        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        EnvelopeFixtures.writeInChunks(encryptor.encryptingStream(key, id, sink), plaintext, random, maxChunk);
        byte[] viaOutputStream = sink.toByteArray();

        byte[] viaInputStream = EnvelopeFixtures.readInChunks(
                encryptor.ciphertextOf(key, id, source(plaintext, random)), random, maxChunk);

        long expectedLength = 41 + plaintext.length
                + 16 * Math.max(1, (plaintext.length + (long) segmentSize - 1) / segmentSize);
        for (byte[] envelope : new byte[][] {viaArray, viaOutputStream, viaInputStream}) {
            assertThat(envelope).hasSize((int) expectedLength);
            assertThat(encryptor.decrypt(key, id, envelope)).isEqualTo(plaintext);
            assertThat(EnvelopeFixtures.readInChunks(
                    encryptor.decryptingStream(key, id, source(envelope, random)), random, maxChunk))
                    .isEqualTo(plaintext);
        }
    }

    /**
     * {@code bytes} as a stream that either says how much it holds (the streams then size their buffer at once) or,
     * like a socket, says nothing is available (they grow it as they read).
     */
    private static InputStream source(byte[] bytes, Random random) {
        InputStream in = new ByteArrayInputStream(bytes);
        return random.nextBoolean() ? in : new FilterInputStream(in) {
            @Override
            public int available() {
                return 0;
            }
        };
    }
}
