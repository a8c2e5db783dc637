package io.healthkey.benchmarks;

import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Record encryption against the JDK's raw AES-256-GCM over the same bytes: one {@code Cipher.init} with a fresh
 * nonce, the same 73 bytes of associated data, and one {@code doFinal} of the whole plaintext into a new array.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvelopeEncryptionBenchmark {

    @Param({"1024", "1048576", "67108864"})
    public int size;

    private byte[] plaintext;
    private EnvelopeEncryptor encryptor;
    private EnvelopeKey key;
    private RecordId id;

    private Cipher raw;
    private SecretKeySpec rawKey;
    private final byte[] nonce = new byte[12];
    private final byte[] associatedData = new byte[73];
    private long counter;
    private byte[] rawCiphertext;
    private GCMParameterSpec rawCiphertextNonce;
    private byte[] envelope;

    @Setup
    public void setUp() throws GeneralSecurityException {
        Random random = new Random(size);
        plaintext = new byte[size];
        random.nextBytes(plaintext);
        encryptor = new EnvelopeEncryptor();
        key = EnvelopeKey.generate();
        id = RecordId.of(EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), Category.OBSERVATION, 1);
        raw = Cipher.getInstance("AES/GCM/NoPadding");
        rawKey = new SecretKeySpec(key.toBytes(), "AES");
        random.nextBytes(associatedData);
        rawCiphertextNonce = new GCMParameterSpec(128, new byte[12]);
        raw.init(Cipher.ENCRYPT_MODE, rawKey, rawCiphertextNonce);
        raw.updateAAD(associatedData);
        rawCiphertext = raw.doFinal(plaintext);
        envelope = encryptor.encrypt(key, id, plaintext);
    }

    /** The baseline: the JDK's AES-256-GCM, one call over the whole record. */
    @Benchmark
    public byte[] rawAesGcm() throws GeneralSecurityException {
        counter++;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (counter >>> (8 * i));
        }
        raw.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, nonce));
        raw.updateAAD(associatedData);
        return raw.doFinal(plaintext);
    }

    /**
     * The same, fed in 64 KiB {@code update} calls: on JDK 17 a single call over about 800 KB leaves the GHASH
     * intrinsic, so this is the fairer baseline for large records.
     */
    @Benchmark
    public byte[] rawAesGcmChunked() throws GeneralSecurityException {
        counter++;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (counter >>> (8 * i));
        }
        raw.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, nonce));
        raw.updateAAD(associatedData);
        byte[] out = new byte[size + 16];
        int at = 0;
        int written = 0;
        for (; size - at > 65536; at += 65536) {
            written += raw.update(plaintext, at, 65536, out, written);
        }
        raw.doFinal(plaintext, at, size - at, out, written);
        return out;
    }

    /** Decryption baseline: the JDK's AES-256-GCM, one call over the whole record and its tag. */
    @Benchmark
    public byte[] rawAesGcmDecrypt() throws GeneralSecurityException {
        raw.init(Cipher.DECRYPT_MODE, rawKey, rawCiphertextNonce);
        raw.updateAAD(associatedData);
        return raw.doFinal(rawCiphertext);
    }

    /** {@link EnvelopeEncryptor#decrypt}: every segment authenticated, into a new array. */
    @Benchmark
    public byte[] envelopeDecryptBytes() {
        return encryptor.decrypt(key, id, envelope);
    }

    /** {@link EnvelopeEncryptor#encrypt}: fresh salt, HKDF, 1 MiB segments, into a new array. */
    @Benchmark
    public byte[] envelopeBytes() {
        return encryptor.encrypt(key, id, plaintext);
    }

    /** {@link EnvelopeEncryptor#encryptingStream} written in one call, to a sink that discards. */
    @Benchmark
    public OutputStream envelopeStream() throws IOException {
        OutputStream out = encryptor.encryptingStream(key, id, OutputStream.nullOutputStream());
        out.write(plaintext);
        out.close();
        return out;
    }
}
