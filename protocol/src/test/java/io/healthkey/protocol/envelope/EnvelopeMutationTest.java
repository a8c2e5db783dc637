package io.healthkey.protocol.envelope;

import static io.healthkey.protocol.envelope.EnvelopeFixtures.HEADER;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.NEXT_VERSION;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.RECORD;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.SMALL_EXPONENT;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.SMALL_SEGMENT;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.concat;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.header;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.segments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.RecordId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every change to an envelope is rejected, by the byte[] reader and by the stream reader alike, with PROTO-0020;
 * and the stream reader never hands out a byte of a segment that fails.
 */
class EnvelopeMutationTest {

    static final EnvelopeEncryptor SMALL = InsecureEnvelopeEncryptors.insecureSmallSegments(SMALL_EXPONENT);
    static final EnvelopeKey KEY = EnvelopeKey.generate();
    /** Three segments: 64 + 64 + 22 bytes of plaintext. */
    static final byte[] PLAINTEXT = EnvelopeFixtures.pattern(2 * SMALL_SEGMENT + 22);
    static final byte[] ENVELOPE = SMALL.encrypt(KEY, RECORD, PLAINTEXT);

    @Test
    void acceptsTheUnchangedEnvelope() throws IOException {
        assertThat(ENVELOPE).hasSize(HEADER + PLAINTEXT.length + 3 * 16);
        assertThat(SMALL.decrypt(KEY, RECORD, ENVELOPE)).isEqualTo(PLAINTEXT);
        assertThat(streamDecrypt(KEY, RECORD, ENVELOPE)).isEqualTo(PLAINTEXT);
    }

    @Test
    void rejectsEveryFlippedBitHeaderIncluded() {
        for (int i = 0; i < ENVELOPE.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] mutated = ENVELOPE.clone();
                mutated[i] ^= (byte) (1 << bit);
                assertRejected(mutated, "bit " + bit + " of byte " + i + " flipped");
            }
        }
    }

    @Test
    void rejectsEveryTruncation() {
        for (int length = 0; length < ENVELOPE.length; length++) {
            assertRejected(Arrays.copyOf(ENVELOPE, length), "truncated to " + length + " bytes");
        }
    }

    @Test
    void rejectsAppendedData() {
        for (int extra : new int[] {1, 15, 16, 17, SMALL_SEGMENT + 16, 1000}) {
            assertRejected(concat(ENVELOPE, new byte[extra]), extra + " zero bytes appended");
        }
        List<byte[]> segments = segments(ENVELOPE, SMALL_SEGMENT);
        assertRejected(concat(ENVELOPE, segments.get(2)), "last segment appended again");
        assertRejected(concat(ENVELOPE, segments.get(0)), "first segment appended again");
        assertRejected(concat(ENVELOPE, SMALL.encrypt(KEY, RECORD, new byte[0])), "another envelope appended");
    }

    @Test
    void rejectsAppendedDataAfterAFullLastSegment() {
        byte[] plaintext = EnvelopeFixtures.pattern(2 * SMALL_SEGMENT);
        byte[] envelope = SMALL.encrypt(KEY, RECORD, plaintext);
        assertThat(SMALL.decrypt(KEY, RECORD, envelope)).isEqualTo(plaintext);
        List<byte[]> segments = segments(envelope, SMALL_SEGMENT);
        // An empty segment sealed as last, appended: the first two segments were sealed as 'not last' / 'last'.
        for (int extra : new int[] {1, 16, SMALL_SEGMENT + 16}) {
            assertRejected(concat(envelope, new byte[extra]), extra + " bytes after a full last segment");
        }
        assertRejected(concat(header(envelope), List.of(segments.get(0))), "full last segment dropped");
    }

    @Test
    void rejectsReorderedDuplicatedAndDroppedSegments() {
        byte[] header = header(ENVELOPE);
        List<byte[]> s = segments(ENVELOPE, SMALL_SEGMENT);
        assertThat(s).hasSize(3);
        assertRejected(concat(header, List.of(s.get(1), s.get(0), s.get(2))), "segments 0 and 1 swapped");
        assertRejected(concat(header, List.of(s.get(0), s.get(2), s.get(1))), "segments 1 and 2 swapped");
        assertRejected(concat(header, List.of(s.get(0), s.get(0), s.get(2))), "segment 0 duplicated over 1");
        assertRejected(concat(header, List.of(s.get(0), s.get(1), s.get(1), s.get(2))), "segment 1 duplicated");
        assertRejected(concat(header, List.of(s.get(0), s.get(1))), "last segment removed");
        assertRejected(concat(header, List.of(s.get(0), s.get(2))), "middle segment removed");
        assertRejected(concat(header, List.of(s.get(1), s.get(2))), "first segment removed");
        assertRejected(concat(header, List.of(s.get(2))), "only the last segment");
        assertRejected(concat(header, List.of()), "no segments at all");
    }

    @Test
    void rejectsSegmentsFromAnotherEnvelopeOfTheSameRecordAndKey() {
        byte[] other = SMALL.encrypt(KEY, RECORD, PLAINTEXT);
        List<byte[]> mine = segments(ENVELOPE, SMALL_SEGMENT);
        List<byte[]> theirs = segments(other, SMALL_SEGMENT);
        assertRejected(concat(header(ENVELOPE), List.of(mine.get(0), theirs.get(1), mine.get(2))), "segment spliced");
        assertRejected(concat(header(other), mine), "header swapped");
    }

    @Test
    void rejectsWrongRecordIdAndWrongKey() {
        assertRejected(ENVELOPE, KEY, NEXT_VERSION, "another record id");
        assertRejected(ENVELOPE, EnvelopeKey.generate(), RECORD, "another key");
    }

    @Test
    void rejectsOtherVersionsAndSegmentSizes() {
        for (int version : new int[] {0, 3, 0x81, 0xff}) {
            byte[] mutated = ENVELOPE.clone();
            mutated[0] = (byte) version;
            assertThatThrownBy(() -> SMALL.decrypt(KEY, RECORD, mutated))
                    .isInstanceOf(EnvelopeDecryptionException.class)
                    .hasMessageContaining("unsupported record envelope version " + version);
        }
        byte[] relabelled = ENVELOPE.clone();
        relabelled[0] = 2;
        assertRejected(relabelled, "a version 1 envelope relabelled version 2");
        // The production reader refuses the test seam's small segments, and the other way round.
        assertThatThrownBy(() -> new EnvelopeEncryptor().decrypt(KEY, RECORD, ENVELOPE))
                .isInstanceOf(EnvelopeDecryptionException.class).hasMessageContaining("segment size exponent 6");
        byte[] production = new EnvelopeEncryptor().encrypt(KEY, RECORD, PLAINTEXT);
        assertRejected(production, "a version 1 envelope read with the test segment size");
    }

    @Test
    void streamNeverReleasesPlaintextOfAFailingSegment() throws IOException {
        for (int segment = 0; segment < 3; segment++) {
            byte[] mutated = ENVELOPE.clone();
            int inSegment = HEADER + segment * (SMALL_SEGMENT + 16) + 5;
            mutated[inSegment] ^= 1;
            InputStream in = SMALL.decryptingStream(KEY, RECORD, new ByteArrayInputStream(mutated));
            ByteArrayOutputStream released = new ByteArrayOutputStream();
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    released.write(b);
                }
                fail("segment " + segment + " altered but accepted");
            } catch (EnvelopeDecryptionException expected) {
                assertThat(expected.getMessage()).contains("segment " + segment);
            }
            assertThat(released.toByteArray()).isEqualTo(Arrays.copyOf(PLAINTEXT, segment * SMALL_SEGMENT));
        }
    }

    private static void assertRejected(byte[] envelope, String what) {
        assertRejected(envelope, KEY, RECORD, what);
    }

    private static void assertRejected(byte[] envelope, EnvelopeKey key, RecordId id, String what) {
        List<String> accepted = new ArrayList<>();
        try {
            SMALL.decrypt(key, id, envelope);
            accepted.add("byte[] reader");
        } catch (EnvelopeDecryptionException e) {
            assertThat(e.code()).isEqualTo("PROTO-0020");
        }
        try {
            streamDecrypt(key, id, envelope);
            accepted.add("stream reader");
        } catch (EnvelopeDecryptionException e) {
            assertThat(e.code()).isEqualTo("PROTO-0020");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(accepted).as(what + " accepted by").isEmpty();
    }

    private static byte[] streamDecrypt(EnvelopeKey key, RecordId id, byte[] envelope) throws IOException {
        try (InputStream in = SMALL.decryptingStream(key, id, new ByteArrayInputStream(envelope))) {
            return in.readAllBytes();
        }
    }
}
