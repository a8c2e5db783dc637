package io.healthkey.protocol.envelope;

import static io.healthkey.protocol.envelope.EnvelopeFixtures.NEXT_VERSION;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.PATIENT;
import static io.healthkey.protocol.envelope.EnvelopeFixtures.RECORD;
import static io.healthkey.protocol.envelope.EnvelopeV2Fixtures.PATIENT_KEY;
import static io.healthkey.protocol.envelope.EnvelopeV2Fixtures.PATIENT_PRIVATE_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.keywrap.EciesKeyWrap;
import io.healthkey.protocol.keywrap.RecordKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Version 2: the patient opens the record from the envelope alone (their private key unwraps the header's slot),
 * and the slot cannot be swapped, altered, relabelled or cut off without every reader refusing the envelope.
 */
class EnvelopeV2Test {

    private static final int MIB = 1 << 20;
    private static final EnvelopeEncryptor ENVELOPES = new EnvelopeEncryptor();
    private static final EnvelopeEncryptor SMALL = InsecureEnvelopeEncryptors.insecureSmallSegments(6);
    private static final EnvelopeKey KEY = EnvelopeKey.generate();
    private static final byte[] PLAINTEXT = EnvelopeFixtures.pattern(3000);
    private static final byte[] ENVELOPE = ENVELOPES.encrypt(KEY, RECORD, PATIENT_KEY, PLAINTEXT);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, MIB, MIB + 1})
    void thePatientReadsTheRecordWithTheirPrivateKeyAlone(int length) throws IOException {
        byte[] plaintext = EnvelopeFixtures.random(new Random(length), length);
        EnvelopeKey key = EnvelopeKey.generate();
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        try (OutputStream out = ENVELOPES.encryptingStream(key, RECORD, PATIENT_KEY, streamed)) {
            out.write(plaintext);
        }
        byte[] pulled = ENVELOPES.ciphertextOf(key, RECORD, PATIENT_KEY, new ByteArrayInputStream(plaintext))
                .readAllBytes();

        for (byte[] envelope : new byte[][] {streamed.toByteArray(), pulled,
                ENVELOPES.encrypt(key, RECORD, PATIENT_KEY, plaintext)}) {
            assertThat(envelope).hasSize((int) EnvelopeVersion.V2.ciphertextLength(length));
            EnvelopeKey recovered = recoverKey(envelope, PATIENT_PRIVATE_KEY);
            assertThat(ENVELOPES.decrypt(recovered, RECORD, envelope)).isEqualTo(plaintext);
            assertThat(ENVELOPES.decryptingStream(recovered, RECORD, new ByteArrayInputStream(envelope))
                    .readAllBytes()).isEqualTo(plaintext);
        }
    }

    @Test
    void theHeaderNamesThePatientsKeyAndVersion1HasNoSlot() {
        PatientSlot slot = EnvelopeVersion.patientSlot(Arrays.copyOf(ENVELOPE, EnvelopeVersion.LONGEST_HEADER))
                .orElseThrow();

        assertThat(slot.patientKey()).isEqualTo(PATIENT_KEY);
        assertThat(Arrays.copyOfRange(ENVELOPE, 0, 2)).containsExactly(2, 20);
        assertThat(EnvelopeVersion.patientSlot(ENVELOPES.encrypt(KEY, RECORD, PLAINTEXT))).isEmpty();
    }

    @Test
    void anotherKeyDoesNotOpenTheSlot() {
        PatientSlot slot = EnvelopeVersion.patientSlot(ENVELOPE).orElseThrow();

        assertThatThrownBy(() -> new EciesKeyWrap().unwrap(slot.wrappedKey(), EncryptionPrivateKey.generate()))
                .hasMessageNotContaining(slot.wrappedKey().toHex().substring(2, 20));
    }

    @Test
    void rejectsASlotSwappedForOneThatOpensToAnotherKey() {
        byte[] other = ENVELOPES.encrypt(EnvelopeKey.generate(), RECORD, PATIENT_KEY, PLAINTEXT);
        byte[] swapped = ENVELOPE.clone();
        System.arraycopy(other, 74, swapped, 74, 129);

        assertRejected(swapped, KEY, "slot of another envelope");
        assertRejected(swapped, recoverKey(swapped, PATIENT_PRIVATE_KEY), "slot of another envelope, its key");
    }

    @Test
    void rejectsASlotReWrappedForTheSameKey() {
        byte[] rewrapped = ENVELOPE.clone();
        byte[] fresh = new EciesKeyWrap().wrap(RecordKey.fromBytes(KEY.bytes()), PATIENT_KEY).toBytes();
        System.arraycopy(fresh, 0, rewrapped, 74, 129);

        assertRejected(rewrapped, KEY, "the same key wrapped again: the header is associated data");
    }

    @Test
    void rejectsEveryFlippedBitOfTheVersion2Header() {
        for (int at = 0; at < EnvelopeVersion.LONGEST_HEADER; at++) {
            for (int bit = 0; bit < 8; bit += 7) {
                byte[] mutated = ENVELOPE.clone();
                mutated[at] ^= (byte) (1 << bit);
                assertRejected(mutated, KEY, "header byte " + at + " bit " + bit);
            }
        }
    }

    @Test
    void rejectsTheVersionByteRelabelledAndAnotherRecordId() {
        byte[] relabelled = ENVELOPE.clone();
        relabelled[0] = 1;
        assertRejected(relabelled, KEY, "version 2 read as version 1");
        assertThatThrownBy(() -> ENVELOPES.decrypt(KEY, NEXT_VERSION, ENVELOPE))
                .isInstanceOf(EnvelopeDecryptionException.class);
        assertThatThrownBy(() -> ENVELOPES.decrypt(KEY, RecordId.of(PATIENT, Category.CONDITION, 7), ENVELOPE))
                .isInstanceOf(EnvelopeDecryptionException.class);
    }

    @Test
    void rejectsEveryTruncationInsideAndJustAfterTheHeader() {
        for (int length : new int[] {0, 1, 40, 41, 42, 73, 74, 202, 203, 218, ENVELOPE.length - 1}) {
            assertRejected(Arrays.copyOf(ENVELOPE, length), KEY, "truncated to " + length);
        }
        for (int length : new int[] {0, 1, 41, 100, 202}) {
            assertThatThrownBy(() -> EnvelopeVersion.patientSlot(Arrays.copyOf(ENVELOPE, length)))
                    .isInstanceOf(EnvelopeDecryptionException.class);
        }
    }

    @Test
    void theShapeCheckRefusesAPatientKeyOffTheCurveAndASlotWithoutAnEphemeralKey() {
        byte[] badKey = Arrays.copyOf(ENVELOPE, 203);
        badKey[41] = 0x05;
        byte[] badSlot = Arrays.copyOf(ENVELOPE, 203);
        badSlot[74] = 0x02;

        assertThatThrownBy(() -> EnvelopeVersion.patientSlot(badKey)).isInstanceOf(EnvelopeDecryptionException.class)
                .hasMessageNotContaining("0x");
        assertThatThrownBy(() -> EnvelopeVersion.patientSlot(badSlot)).isInstanceOf(EnvelopeDecryptionException.class);
    }

    @Test
    void version2WithSmallTestSegmentsStillRoundTrips() {
        byte[] envelope = SMALL.encrypt(KEY, RECORD, PATIENT_KEY, PLAINTEXT);
        assertThat(SMALL.decrypt(KEY, RECORD, envelope)).isEqualTo(PLAINTEXT);
        assertThatThrownBy(() -> ENVELOPES.decrypt(KEY, RECORD, envelope))
                .isInstanceOf(EnvelopeDecryptionException.class);
    }

    static EnvelopeKey recoverKey(byte[] envelope, EncryptionPrivateKey patient) {
        PatientSlot slot = EnvelopeVersion.patientSlot(envelope).orElseThrow();
        return EnvelopeKey.fromBytes(new EciesKeyWrap().unwrap(slot.wrappedKey(), patient).toBytes());
    }

    private static void assertRejected(byte[] envelope, EnvelopeKey key, String what) {
        assertThatThrownBy(() -> ENVELOPES.decrypt(key, RECORD, envelope)).as(what)
                .isInstanceOf(EnvelopeDecryptionException.class);
        assertThatThrownBy(() -> {
            try (InputStream in = ENVELOPES.decryptingStream(key, RECORD, new ByteArrayInputStream(envelope))) {
                in.readAllBytes();
            }
        }).as(what + " (stream)").isInstanceOf(EnvelopeDecryptionException.class);
    }
}
