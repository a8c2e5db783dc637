package io.healthkey.protocol.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads the envelope of a plaintext stream, one segment at a time: reads a segment of plaintext and one byte
 * more to learn whether it is the last, and seals it in place. Buffers: one array of at most a sealed segment,
 * grown as the record needs.
 */
final class EncryptingInputStream extends InputStream {

    private final InputStream source;
    private final SegmentCipher cipher;
    private final int segmentSize;
    /** Plaintext being read, then the sealed segment handed out. */
    private byte[] buffer;
    private byte[] current;
    private int position;
    private int limit;
    private long index;
    private int peeked = -1;
    private boolean lastDone;
    private boolean closed;
    private final byte[] single = new byte[1];

    EncryptingInputStream(InputStream source, SegmentCipher cipher, byte[] header, int segmentSize) {
        this.source = source;
        this.cipher = cipher;
        this.segmentSize = segmentSize;
        this.current = header;
        this.limit = header.length;
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (closed) {
            throw new IOException("the encrypting stream is closed");
        }
        if (length == 0) {
            return 0;
        }
        while (position == limit) {
            if (lastDone) {
                return -1;
            }
            nextSegment();
        }
        int take = Math.min(length, limit - position);
        System.arraycopy(current, position, bytes, offset, take);
        position += take;
        return take;
    }

    @Override
    public int available() {
        return limit - position;
    }

    private void nextSegment() throws IOException {
        int spare = EnvelopeFormat.TAG_LENGTH;
        if (buffer == null) {
            buffer = Buffers.initial(source, spare, segmentSize + spare);
        }
        int read = 0;
        if (peeked >= 0) {
            buffer[0] = (byte) peeked;
            peeked = -1;
            read = 1;
        }
        Buffers.Filled filled = Buffers.fill(source, buffer, read, segmentSize, spare);
        buffer = filled.bytes();
        read = filled.count();
        boolean last = true;
        if (read == segmentSize) {
            peeked = source.read();
            last = peeked < 0;
        }
        if (!last && index >= EnvelopeFormat.MAX_SEGMENTS - 1) {
            throw new IOException("a record envelope holds at most 2^32 segments of " + segmentSize + " bytes");
        }
        buffer = Buffers.ensure(buffer, read, read + spare, segmentSize + spare);
        limit = cipher.encrypt(index, last, buffer, 0, read, buffer, 0);
        current = buffer;
        position = 0;
        index++;
        lastDone = last;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (buffer != null) {
                Arrays.fill(buffer, (byte) 0);
            }
            source.close();
        }
    }
}
