package io.healthkey.protocol.envelope;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes an envelope to a sink, one segment at a time. Holds back each full segment until more plaintext arrives
 * or the stream is closed, so that the last segment is known when it is encrypted. Buffers: at most one plaintext
 * and one ciphertext segment, grown as the record needs.
 */
final class EncryptingOutputStream extends OutputStream {

    private final OutputStream sink;
    private final SegmentCipher cipher;
    private final byte[] header;
    private final int segmentSize;
    private byte[] plaintext;
    private byte[] ciphertext;
    private int buffered;
    private long index;
    private boolean headerWritten;
    private boolean closed;
    private final byte[] single = new byte[1];

    EncryptingOutputStream(OutputStream sink, SegmentCipher cipher, byte[] header, int segmentSize) {
        this.sink = sink;
        this.cipher = cipher;
        this.header = header;
        this.segmentSize = segmentSize;
        this.plaintext = new byte[Math.min(segmentSize, Buffers.INITIAL)];
        this.ciphertext = new byte[0];
    }

    @Override
    public void write(int b) throws IOException {
        single[0] = (byte) b;
        write(single, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        while (length > 0) {
            if (buffered == segmentSize) {
                emit(plaintext, 0, segmentSize, false);
                buffered = 0;
            }
            if (buffered == 0 && length > segmentSize) {
                // More follows this segment for sure: encrypt straight from the caller's array.
                emit(bytes, offset, segmentSize, false);
                offset += segmentSize;
                length -= segmentSize;
                continue;
            }
            int take = Math.min(segmentSize - buffered, length);
            plaintext = Buffers.ensure(plaintext, buffered + take, segmentSize);
            System.arraycopy(bytes, offset, plaintext, buffered, take);
            buffered += take;
            offset += take;
            length -= take;
        }
    }

    /** Flushes the sink; the buffered segment stays buffered until it is full and more follows, or close. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        sink.flush();
    }

    /** Encrypts the buffered plaintext as the last segment, and closes the sink. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            emit(plaintext, 0, buffered, true);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
            sink.close();
        }
    }

    private void emit(byte[] bytes, int offset, int length, boolean last) throws IOException {
        if (index >= EnvelopeFormat.MAX_SEGMENTS - (last ? 0 : 1)) {
            throw new IOException("a record envelope holds at most 2^32 segments of " + segmentSize + " bytes");
        }
        if (!headerWritten) {
            sink.write(header);
            headerWritten = true;
        }
        ciphertext = Buffers.ensure(
                ciphertext, length + EnvelopeFormat.TAG_LENGTH, segmentSize + EnvelopeFormat.TAG_LENGTH);
        int written = cipher.encrypt(index, last, bytes, offset, length, ciphertext, 0);
        sink.write(ciphertext, 0, written);
        index++;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the encrypting stream is closed");
        }
    }
}
