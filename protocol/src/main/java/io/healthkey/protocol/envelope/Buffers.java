package io.healthkey.protocol.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Segment buffers that start small and grow to one sealed segment at most, so that a stream over a small record does
 * not allocate (and zero) megabytes. A stream keeps one: it gathers a segment's input there, and the segment is
 * sealed or opened in place (the JDK's {@code Cipher.doFinal} is copy-safe for one array at one offset).
 */
final class Buffers {

    static final int INITIAL = 8192;

    private Buffers() {
    }

    /**
     * A first buffer for a stream reading {@code source}, at most {@code max} bytes: as many as {@code source} says
     * it can give without blocking, one more (so that {@link #fill} can learn that the source ended without growing
     * it) and {@code spare}; {@link #INITIAL} if it says none.
     */
    static byte[] initial(InputStream source, int spare, int max) throws IOException {
        int available = source.available();
        return new byte[(int) Math.min(max, available > 0 ? (long) available + 1 + spare : INITIAL)];
    }

    /**
     * {@code buffer}, or a larger array holding at least {@code needed} bytes (at most {@code max}, doubling) that
     * starts with the first {@code used} bytes of {@code buffer}; the old array is zeroed.
     */
    static byte[] ensure(byte[] buffer, int used, int needed, int max) {
        if (buffer.length >= needed) {
            return buffer;
        }
        byte[] larger = new byte[Math.min(max, Math.max(needed, 2 * buffer.length))];
        System.arraycopy(buffer, 0, larger, 0, used);
        Arrays.fill(buffer, (byte) 0);
        return larger;
    }

    /** A buffer holding what {@link #fill} read: {@code bytes[0..count)}. */
    record Filled(byte[] bytes, int count) {
    }

    /**
     * Reads from {@code source} into {@code buffer} after its first {@code count} bytes until {@code limit} bytes are
     * held or the source ends, growing the buffer as needed and keeping {@code spare} bytes after them free (for the
     * tag of a segment sealed in place).
     */
    static Filled fill(InputStream source, byte[] buffer, int count, int limit, int spare) throws IOException {
        while (count < limit) {
            buffer = ensure(buffer, count, count + 1 + spare, limit + spare);
            int room = Math.min(buffer.length - spare, limit) - count;
            int read = source.readNBytes(buffer, count, room);
            count += read;
            if (read < room) {
                break;
            }
        }
        return new Filled(buffer, count);
    }
}
