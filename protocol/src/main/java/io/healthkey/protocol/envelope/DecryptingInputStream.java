package io.healthkey.protocol.envelope;

import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.RecordId;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.Cipher;

/**
 * Reads the plaintext of an envelope, one authenticated segment at a time. Reads a whole segment of ciphertext and
 * one byte more (to learn whether it is the last), verifies its tag and only then hands out its plaintext,
 * decrypted in place. Once a check failed, every later read fails the same way. Buffers: one array of at most a
 * sealed segment, grown as the record needs.
 */
final class DecryptingInputStream extends InputStream {

    private final InputStream source;
    private final EnvelopeKey key;
    private final RecordId id;
    private final int segmentSizeExponent;
    private final Supplier<Cipher> ciphers;
    private final int sealedSegmentSize;
    /** A sealed segment being read, then its plaintext handed out. */
    private byte[] buffer;
    private SegmentCipher cipher;
    private int position;
    private int limit;
    private long index;
    private int peeked = -1;
    private boolean lastDone;
    private boolean closed;
    private final byte[] single = new byte[1];
    private EnvelopeDecryptionException failure;

    DecryptingInputStream(InputStream source, EnvelopeKey key, RecordId id, int segmentSizeExponent,
            Supplier<Cipher> ciphers) {
        this.source = source;
        this.key = key;
        this.id = id;
        this.segmentSizeExponent = segmentSizeExponent;
        this.ciphers = ciphers;
        this.sealedSegmentSize = EnvelopeFormat.segmentSize(segmentSizeExponent) + EnvelopeFormat.TAG_LENGTH;
    }

    @Override
    public int read() throws IOException {
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    /**
     * @return the number of plaintext bytes read, or -1 once the whole envelope, its last segment included, was
     *         authenticated and nothing follows it
     * @throws EnvelopeDecryptionException if the envelope is not authentic for this key and record id
     */
    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (closed) {
            throw new IOException("the decrypting stream is closed");
        }
        if (failure != null) {
            throw failure;
        }
        if (length == 0) {
            return 0;
        }
        while (position == limit) {
            if (lastDone) {
                return -1;
            }
            try {
                nextSegment();
            } catch (EnvelopeDecryptionException e) {
                failure = e;
                throw e;
            }
        }
        int take = Math.min(length, limit - position);
        System.arraycopy(buffer, position, bytes, offset, take);
        position += take;
        return take;
    }

    @Override
    public int available() {
        return limit - position;
    }

    private void nextSegment() throws IOException {
        if (cipher == null) {
            byte[] header = EnvelopeFormat.readHeader(source, segmentSizeExponent);
            cipher = EnvelopeFormat.segmentCipher(key, id, header, ciphers);
        }
        if (buffer == null) {
            buffer = Buffers.initial(source, 0, sealedSegmentSize);
        }
        int read = 0;
        if (peeked >= 0) {
            buffer[0] = (byte) peeked;
            peeked = -1;
            read = 1;
        }
        Buffers.Filled filled = Buffers.fill(source, buffer, read, sealedSegmentSize, 0);
        buffer = filled.bytes();
        read = filled.count();
        boolean last = true;
        if (read == sealedSegmentSize) {
            peeked = source.read();
            last = peeked < 0;
        }
        position = 0;
        limit = 0;
        limit = cipher.decrypt(index, last, buffer, 0, read, buffer, 0);
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
