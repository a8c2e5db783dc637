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
        assertThat(EnvelopeEncryptor.plaintextLength(EnvelopeEncryptor.ciphertextLength(plaintext)))
                .isEqualTo(plaintext);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0, 40, 41, 56, 41 + SEGMENT + 16 + 1, 41 + SEGMENT + 16 + 16,
            41 + 2 * (SEGMENT + 16) + 15})
    void lengthsNoEnvelopeHasAreRejected(long envelope) {
        assertThat(EnvelopeEncryptor.plaintextLength(envelope)).isEqualTo(-1);
    }

    @Test
    void lengthsAreExactForEveryShortEnvelope() {
        for (long envelope = 0; envelope < 200; envelope++) {
            long plaintext = EnvelopeEncryptor.plaintextLength(envelope);
            assertThat(plaintext).isEqualTo(envelope >= 57 ? envelope - 57 : -1);
        }
    }

    @Test
    void aRealEnvelopeStartsAsVersion1AndRandomBytesDoNot() {
        byte[] envelope = new EnvelopeEncryptor().encrypt(EnvelopeKey.generate(),
                RecordId.parse("0x" + "11".repeat(20) + "0002" + "00".repeat(9) + "01"), new byte[] {1, 2, 3});

        assertThat(EnvelopeEncryptor.startsVersion1(envelope[0], envelope[1])).isTrue();
        assertThat(EnvelopeEncryptor.startsVersion1((byte) 2, envelope[1])).isFalse();
        assertThat(EnvelopeEncryptor.startsVersion1(envelope[0], (byte) 16)).isFalse();
        assertThat(envelope).hasSize((int) EnvelopeEncryptor.ciphertextLength(3));
    }
}
