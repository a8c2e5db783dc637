package io.healthkey.protocol.keywrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.DecryptionFailedException;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.MalformedEncodingException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EciesKeyWrapTest {

    final EciesKeyWrap keyWrap = new EciesKeyWrap();
    final EncryptionPrivateKey reader = EncryptionPrivateKey.generate();

    @Test
    void unwrapsWhatItWrapped() {
        for (int i = 0; i < 20; i++) {
            RecordKey key = RecordKey.generate();
            WrappedKey wrapped = keyWrap.wrap(key, reader.publicKey());

            assertThat(wrapped.toBytes()).hasSize(WrappedKey.LENGTH).startsWith(0x04);
            assertThat(keyWrap.unwrap(wrapped, reader)).isEqualTo(key);
            assertThat(keyWrap.unwrap(WrappedKey.parse(wrapped.toHex()), reader)).isEqualTo(key);
        }
    }

    @Test
    void wrapsTheSameKeyToFreshBytesEachTime() {
        RecordKey key = RecordKey.generate();
        Set<WrappedKey> wrappings = new HashSet<>();
        Set<String> ephemeralKeysAndNonces = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            WrappedKey wrapped = keyWrap.wrap(key, reader.publicKey());
            wrappings.add(wrapped);
            ephemeralKeysAndNonces.add(wrapped.toHex().substring(2, 2 + 2 * 65));
            ephemeralKeysAndNonces.add(wrapped.toHex().substring(2 + 2 * 65, 2 + 2 * 81));
        }
        assertThat(wrappings).hasSize(10);
        assertThat(ephemeralKeysAndNonces).hasSize(20);
    }

    @Test
    void aKeyWrappedForOneReaderNeverOpensForAnother() {
        WrappedKey wrapped = keyWrap.wrap(RecordKey.generate(), reader.publicKey());

        for (int i = 0; i < 10; i++) {
            EncryptionPrivateKey other = EncryptionPrivateKey.generate();
            assertThatThrownBy(() -> keyWrap.unwrap(wrapped, other))
                    .isInstanceOf(DecryptionFailedException.class)
                    .hasMessage(DecryptionFailedException.MESSAGE);
        }
    }

    @Test
    void refusesAPayloadOfAnotherLengthEvenIfItDecrypts() {
        Ecies ecies = new Ecies();
        for (int length : new int[] {0, 16, 31, 33, 64}) {
            WrappedKey notAKey = WrappedKey.fromBytes(ecies.encrypt(reader.publicKey(), new byte[length]));

            assertThatThrownBy(() -> keyWrap.unwrap(notAKey, reader))
                    .isInstanceOf(DecryptionFailedException.class)
                    .extracting(e -> ((DecryptionFailedException) e).code()).isEqualTo("PROTO-0008");
        }
    }

    @Test
    void genericEciesRoundTripsPlaintextsOfAnyLength() {
        Ecies ecies = new Ecies();
        Random random = new Random(7);
        for (int length : new int[] {0, 1, 15, 16, 17, 32, 100, 4096, 100_000}) {
            byte[] plaintext = new byte[length];
            random.nextBytes(plaintext);
            byte[] payload = ecies.encrypt(reader.publicKey(), plaintext);

            assertThat(payload).hasSize(Ecies.OVERHEAD + length);
            assertThat(ecies.decrypt(reader, payload)).isEqualTo(plaintext);
        }
    }

    @Test
    void neverPrintsARecordKey() {
        RecordKey key = RecordKey.fromBytes(new byte[32]);

        assertThat(key.toString()).isEqualTo("RecordKey[redacted]");
        assertThat(RecordKey.generate()).isNotEqualTo(RecordKey.generate());
        assertThat(key).isEqualTo(RecordKey.fromBytes(new byte[32])).hasSameHashCodeAs(RecordKey.generate());
    }

    @Test
    void recordKeyIsExactly32BytesAndACopy() {
        byte[] bytes = new byte[32];
        RecordKey key = RecordKey.fromBytes(bytes);
        bytes[0] = 1;
        key.toBytes()[1] = 1;

        assertThat(key.toBytes()).isEqualTo(new byte[32]);
        assertThatThrownBy(() -> RecordKey.fromBytes(new byte[31])).isInstanceOf(MalformedEncodingException.class)
                .hasMessage("record key must be 32 bytes, got 31");
        assertThatThrownBy(() -> RecordKey.fromBytes(new byte[33])).isInstanceOf(MalformedEncodingException.class);
    }

    @Test
    void wrappedKeyReadsAndWritesHex() {
        WrappedKey wrapped = WrappedKey.parse("0x04AB");

        assertThat(wrapped.toHex()).isEqualTo("0x04ab").isEqualTo(wrapped.toString());
        assertThat(wrapped).isEqualTo(WrappedKey.fromBytes(new byte[] {4, (byte) 0xab}));
        assertThatThrownBy(() -> WrappedKey.parse("04ab")).isInstanceOf(MalformedEncodingException.class);
        assertThatThrownBy(() -> WrappedKey.parse("0x4ab")).isInstanceOf(MalformedEncodingException.class);
    }
}
