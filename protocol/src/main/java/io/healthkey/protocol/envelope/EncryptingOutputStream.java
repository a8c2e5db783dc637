package io.healthkey.protocol.envelope;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes an envelope to a sink, one segment at a time. Holds back each full segment until more plaintext arrives
 * or the stream is closed, so that the last segment is known when it is encrypted. Buffers: one array of at most a
 * sealed segment, grown as the record needs; a buffered segment is sealed in place there, and a segment that comes
 * whole in one write, with more after it, is sealed from the caller's array into it. Once sealing or writing a
 * segment failed, the envelope is incomplete: every later write fails, and so does close (after closing the sink).
 */
final class EncryptingOutputStream extends OutputStream {

    private final OutputStream sink;
    private final SegmentCipher cipher;
    private final byte[] header;
    private final int segmentSize;
    private final int sealedSegmentSize;
    /** Plaintext gathered at {@code [0, buffered)}; beyond it, ciphertext of earlier segments or zeros. */
    private byte[] buffer = new byte[0];
    private int buffered;
    private long index;
    private boolean headerWritten;
    private boolean closed;
    private boolean failed;
    private final byte[] single = new byte[1];

    EncryptingOutputStream(OutputStream sink, SegmentCipher cipher, byte[] header, int segmentSize) {
        this.sink = sink;
        this.cipher = cipher;
        this.header = header;
        this.segmentSize = segmentSize;
        this.sealedSegmentSize = segmentSize + EnvelopeFormat.TAG_LENGTH;
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
                emit(buffer, 0, segmentSize, false);
            }
            if (buffered == 0 && length > segmentSize) {
                // More follows this segment for sure: encrypt straight from the caller's array.
                emit(bytes, offset, segmentSize, false);
                offset += segmentSize;
                length -= segmentSize;
                continue;
            }
            int take = Math.min(segmentSize - buffered, length);
            buffer = Buffers.ensure(buffer, buffered, buffered + take + EnvelopeFormat.TAG_LENGTH, sealedSegmentSize);
            System.arraycopy(bytes, offset, buffer, buffered, take);
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
            if (failed) {
                throw new IOException("an earlier segment failed: the envelope is incomplete");
            }
            buffer = Buffers.ensure(buffer, buffered, buffered + EnvelopeFormat.TAG_LENGTH, sealedSegmentSize);
            emit(buffer, 0, buffered, true);
        } finally {
            sink.close();
        }
    }

    /**
     * Seals {@code bytes[offset, offset + length)} into {@link #buffer} and writes it: in place when {@code bytes} is
     * the buffer (which then holds room for the tag). Leaves nothing buffered; on failure, zeroes the buffer and
     * fails the stream.
     */
    private void emit(byte[] bytes, int offset, int length, boolean last) throws IOException {
        buffered = 0;
        try {
            if (index >= EnvelopeFormat.MAX_SEGMENTS - (last ? 0 : 1)) {
                throw new IOException("a record envelope holds at most 2^32 segments of " + segmentSize + " bytes");
            }
            if (!headerWritten) {
                sink.write(header);
                headerWritten = true;
            }
            if (bytes != buffer) {
                buffer = Buffers.ensure(buffer, 0, length + EnvelopeFormat.TAG_LENGTH, sealedSegmentSize);
            }
            int written = cipher.encrypt(index, last, bytes, offset, length, buffer, 0);
            sink.write(buffer, 0, written);
            index++;
        } catch (IOException | RuntimeException e) {
            failed = true;
            Arrays.fill(buffer, (byte) 0);
            throw e;
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the encrypting stream is closed");
        }
        if (failed) {
            throw new IOException("an earlier segment failed: the envelope is incomplete");
        }
    }
}
