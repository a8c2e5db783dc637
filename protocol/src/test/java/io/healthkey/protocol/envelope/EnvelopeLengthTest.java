package io.healthkey.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthkey.protocol.RecordId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeLengthTest {

    private static final long SEGMENT = 1 << 20;

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 15, 16, 17, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 7,
            2L * 1024 * 1024 * 1024})
    void everyEnvelopeLengthGivesBackItsPlaintextLength(long plaintext) {
        assertThat(EnvelopeVersion.V1.plaintextLength(EnvelopeEncryptor.ciphertextLength(plaintext)))
                .isEqualTo(plaintext);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0, 40, 41, 56, 41 + SEGMENT + 16 + 1, 41 + SEGMENT + 16 + 16,
            41 + 2 * (SEGMENT + 16) + 15})
    void lengthsNoEnvelopeHasAreRejected(long envelope) {
        assertThat(EnvelopeVersion.V1.plaintextLength(envelope)).isEqualTo(-1);
    }

    @Test
    void lengthsAreExactForEveryShortEnvelope() {
        for (long envelope = 0; envelope < 200; envelope++) {
            long plaintext = EnvelopeVersion.V1.plaintextLength(envelope);
            assertThat(plaintext).isEqualTo(envelope >= 57 ? envelope - 57 : -1);
        }
    }

    @Test
    void aVersion1EnvelopeStartsAsVersion1AndOtherBytesDoNot() {
        byte[] envelope = new EnvelopeEncryptor().encrypt(EnvelopeKey.generate(),
                RecordId.parse("0x" + "11".repeat(20) + "0002" + "00".repeat(9) + "01"), new byte[] {1, 2, 3});

        assertThat(EnvelopeVersion.ofStart(envelope[0], envelope[1])).contains(EnvelopeVersion.V1);
        assertThat(EnvelopeVersion.ofStart((byte) 3, envelope[1])).isEmpty();
        assertThat(EnvelopeVersion.ofStart(envelope[0], (byte) 16)).isEmpty();
        assertThat(envelope).hasSize((int) EnvelopeEncryptor.ciphertextLength(3));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 7})
    void everyVersion2LengthGivesBackItsPlaintextLength(long plaintext) {
        long envelope = EnvelopeVersion.V2.ciphertextLength(plaintext);

        assertThat(envelope).isEqualTo(EnvelopeVersion.V1.ciphertextLength(plaintext) + 162);
        assertThat(EnvelopeVersion.V2.plaintextLength(envelope)).isEqualTo(plaintext);
    }

    @Test
    void version2LengthsAreExactForEveryShortEnvelope() {
        for (long envelope = 0; envelope < 400; envelope++) {
            assertThat(EnvelopeVersion.V2.plaintextLength(envelope)).isEqualTo(envelope >= 219 ? envelope - 219 : -1);
        }
    }

    @Test
    void aVersion2EnvelopeStartsAsVersion2() {
        byte[] envelope = new EnvelopeEncryptor().encrypt(EnvelopeKey.generate(),
                RecordId.parse("0x" + "11".repeat(20) + "0002" + "00".repeat(9) + "01"),
                EnvelopeV2Fixtures.PATIENT_KEY, new byte[] {1, 2, 3});

        assertThat(EnvelopeVersion.ofStart(envelope[0], envelope[1])).contains(EnvelopeVersion.V2);
        assertThat(envelope).hasSize((int) EnvelopeVersion.V2.ciphertextLength(3));
    }
}
