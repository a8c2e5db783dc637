package io.healthkey.protocol.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Segment buffers that start small and grow to one segment at most, so that a stream over a small record does not
 * allocate (and zero) megabytes.
 */
final class Buffers {

    static final int INITIAL = 8192;

    private Buffers() {
    }

    /** {@code buffer}, or a larger copy holding at least {@code needed} bytes; the old array is zeroed. */
    static byte[] ensure(byte[] buffer, int needed, int max) {
        if (buffer.length >= needed) {
            return buffer;
        }
        byte[] larger = Arrays.copyOf(buffer, Math.min(max, Math.max(needed, 2 * buffer.length)));
        Arrays.fill(buffer, (byte) 0);
        return larger;
    }

    /** A buffer holding what {@link #fill} read: {@code bytes[0..count)}. */
    record Filled(byte[] bytes, int count) {
    }

    /**
     * Reads from {@code source} into {@code buffer} after its first {@code count} bytes until {@code max} bytes are
     * held or the source ends, growing the buffer as needed.
     */
    static Filled fill(InputStream source, byte[] buffer, int count, int max) throws IOException {
        while (true) {
            count += source.readNBytes(buffer, count, buffer.length - count);
            if (count < buffer.length || buffer.length == max) {
                return new Filled(buffer, count);
            }
            buffer = ensure(buffer, buffer.length + 1, max);
        }
    }
}
