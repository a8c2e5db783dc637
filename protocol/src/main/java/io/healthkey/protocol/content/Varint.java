package io.healthkey.protocol.content;

import java.io.ByteArrayOutputStream;

import io.healthkey.protocol.MalformedEncodingException;

/** Unsigned LEB128, as multiformats and protobuf use it; only minimal encodings of values below 2^63 are read. */
final class Varint {

    private Varint() {
    }

    static void write(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative varint " + value);
        }
        while (value >= 0x80) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    static int size(long value) {
        int size = 1;
        while (value >= 0x80) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    /** A cursor over a byte array. */
    static final class Reader {
        private final byte[] bytes;
        private int position;
        private final int end;

        Reader(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        Reader(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.position = from;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int position() {
            return position;
        }

        long readVarint() {
            long value = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                if (position >= end) {
                    throw new MalformedEncodingException("truncated varint");
                }
                int b = bytes[position++] & 0xff;
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    if (b == 0 && shift > 0) {
                        throw new MalformedEncodingException("non-minimal varint");
                    }
                    return value;
                }
            }
            throw new MalformedEncodingException("varint too long");
        }

        int readLength() {
            long length = readVarint();
            if (length > end - position) {
                throw new MalformedEncodingException("length " + length + " runs past the end");
            }
            return (int) length;
        }

        byte[] readBytes(int length) {
            if (length > end - position) {
                throw new MalformedEncodingException("truncated bytes");
            }
            byte[] out = java.util.Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return out;
        }

        /** A reader over the next {@code length} bytes; this one skips them. */
        Reader slice(int length) {
            Reader slice = new Reader(bytes, position, position + length);
            position += length;
            return slice;
        }
    }
}
