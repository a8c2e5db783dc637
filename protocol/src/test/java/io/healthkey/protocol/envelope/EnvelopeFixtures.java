package io.healthkey.protocol.envelope;

import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

final class EnvelopeFixtures {

    static final EthAddress PATIENT = EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    static final RecordId RECORD = RecordId.of(PATIENT, Category.OBSERVATION, 7);
    static final RecordId NEXT_VERSION = RecordId.of(PATIENT, Category.OBSERVATION, 8);
    /** 64-byte segments: three segments in a few hundred bytes. */
    static final int SMALL_EXPONENT = 6;
    static final int SMALL_SEGMENT = 1 << SMALL_EXPONENT;
    static final int TAG = 16;
    static final int HEADER = 41;

    private EnvelopeFixtures() {
    }

    /** The plaintext of the vectors: byte i is i mod 251. */
    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }

    static byte[] random(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The sealed segments of an envelope with {@code segmentSize}-byte plaintext segments. */
    static List<byte[]> segments(byte[] envelope, int segmentSize) {
        List<byte[]> segments = new ArrayList<>();
        for (int at = HEADER; at < envelope.length; at += segmentSize + TAG) {
            segments.add(Arrays.copyOfRange(envelope, at, Math.min(envelope.length, at + segmentSize + TAG)));
        }
        return segments;
    }

    static byte[] header(byte[] envelope) {
        return Arrays.copyOf(envelope, HEADER);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] header, List<byte[]> segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        segments.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Writes {@code bytes} in chunks of random sizes up to {@code maxChunk}, then closes. */
    static void writeInChunks(OutputStream out, byte[] bytes, Random random, int maxChunk) throws IOException {
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(bytes.length - at, random.nextInt(maxChunk + 1));
            if (n == 1 && random.nextBoolean()) {
                out.write(bytes[at]);
            } else {
                out.write(bytes, at, n);
            }
            at += n;
        }
        out.close();
    }

    /** Reads everything, in reads of random sizes up to {@code maxChunk}. */
    static byte[] readInChunks(InputStream in, Random random, int maxChunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[maxChunk];
        while (true) {
            int want = random.nextInt(maxChunk) + 1;
            int n = want == 1 && random.nextBoolean() ? oneByte(in, buffer) : in.read(buffer, 0, want);
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buffer, 0, n);
        }
    }

    private static int oneByte(InputStream in, byte[] buffer) throws IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        buffer[0] = (byte) b;
        return 1;
    }
}
