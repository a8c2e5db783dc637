package io.healthkey.benchmarks;

import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.envelope.EnvelopeEncryptor;
import io.healthkey.protocol.envelope.EnvelopeKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
 * Record envelope encryption and decryption against the JDK's raw AES-256-GCM over the same bytes, in the same run.
 *
 * <h2>The raw baseline, and why it is comparable</h2>
 * The baseline is what a careful user of {@code javax.crypto} does to seal one message under a long-lived key:
 * <ul>
 *   <li>a fresh random 12-byte IV per message, drawn from a {@code new SecureRandom()} (the same kind of source
 *       the envelope draws its salt and nonce prefix from), and so one {@code Cipher.init} per message: the JDK
 *       refuses to encrypt twice under one key and IV, and a pre-initialized cipher would skip work every real
 *       message pays;</li>
 *   <li>one {@code Cipher} instance, created once and re-initialized per message (it is not thread-safe; the
 *       benchmark state is per thread);</li>
 *   <li>the same 73 bytes of associated data as an envelope (header and record id), given in one call;</li>
 *   <li>output as it would be stored: {@code IV ‖ ciphertext ‖ tag} in one new array, written by
 *       {@code doFinal(in, 0, n, out, 12)}; decryption reads the IV from that message and returns the plaintext
 *       in a new array.</li>
 * </ul>
 * The key stays the same across messages, so the JDK keeps its AES key schedule from one {@code init} to the next.
 * An envelope cannot: it derives a fresh segment key per envelope (from a fresh salt) and pays the key schedule
 * every time. That is a cost of the envelope's design and stays in the measured ratio. Decryption therefore
 * alternates between two envelopes (and raw between two messages under its one key): the JDK keeps the schedule of
 * the last key a {@code Cipher} saw, and decrypting one envelope over and over would let the envelope skip a key
 * schedule that a reader of many envelopes pays for each.
 *
 * <h2>JIT warm-up</h2>
 * On JDK 17 the JDK's GHASH runs as plain Java, far slower, until C2 has compiled its callers, which takes
 * thousands of calls. A benchmark of a few huge calls per second (a 1 MiB {@code doFinal}, a 1 MiB segment) would
 * measure how soon the JIT gets there, not throughput: each path's number would depend on how many JDK-internal
 * calls it happens to make. So every trial first runs the JDK's AES-GCM, both directions, over many 80 KiB messages
 * (past the 64 KiB at which the JDK splits a call), identically for every benchmark, and measures the steady state a
 * long-running service reaches.
 *
 * <p>"raw 64 KiB updates" is the same message fed to {@code update} in 64 KiB pieces (same ciphertext), as the
 * envelope feeds each segment. Decryption has no such variant: the JDK buffers GCM ciphertext until
 * {@code doFinal}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvelopeEncryptionBenchmark {

    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_LENGTH = TAG_BITS / 8;
    private static final int CHUNK = 64 * 1024;

    @Param({"1024", "65536", "1048576", "67108864"})
    public int size;

    private byte[] plaintext;
    private EnvelopeEncryptor encryptor;
    private EnvelopeKey key;
    private RecordId id;
    private final byte[][] envelopes = new byte[2][];
    private final byte[] readBuffer = new byte[CHUNK];

    private final SecureRandom random = new SecureRandom();
    private Cipher raw;
    private SecretKeySpec rawKey;
    private final byte[] associatedData = new byte[73];
    private final byte[][] rawMessages = new byte[2][];
    private int next;

    @Setup
    public void setUp() throws GeneralSecurityException {
        warmUpJdkAesGcm();
        Random seeded = new Random(size);
        plaintext = new byte[size];
        seeded.nextBytes(plaintext);
        seeded.nextBytes(associatedData);
        encryptor = new EnvelopeEncryptor();
        key = EnvelopeKey.generate();
        id = RecordId.of(EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), Category.OBSERVATION, 1);
        raw = Cipher.getInstance("AES/GCM/NoPadding");
        rawKey = new SecretKeySpec(key.toBytes(), "AES");
        for (int i = 0; i < 2; i++) {
            envelopes[i] = encryptor.encrypt(key, id, plaintext);
            rawMessages[i] = rawEncrypt();
        }
    }

    /** Seals and opens 3,000 messages of 80 KiB with the JDK's AES-GCM: see "JIT warm-up" above. */
    private static void warmUpJdkAesGcm() throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        SecretKeySpec warmUpKey = new SecretKeySpec(new byte[32], "AES");
        byte[] message = new byte[80 * 1024];
        byte[] sealed = new byte[message.length + TAG_LENGTH];
        byte[] aad = new byte[73];
        byte[] iv = new byte[IV_LENGTH];
        for (int i = 0; i < 3000; i++) {
            iv[0] = (byte) i;
            iv[1] = (byte) (i >>> 8);
            cipher.init(Cipher.ENCRYPT_MODE, warmUpKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            cipher.doFinal(message, 0, message.length, sealed, 0);
            cipher.init(Cipher.DECRYPT_MODE, warmUpKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            cipher.doFinal(sealed, 0, sealed.length, message, 0);
        }
    }

    /** Raw AES-256-GCM: fresh random IV, {@code init}, AAD, one {@code doFinal} into {@code IV ‖ ct ‖ tag}. */
    @Benchmark
    public byte[] rawEncrypt() throws GeneralSecurityException {
        byte[] message = new byte[IV_LENGTH + size + TAG_LENGTH];
        initForEncryption(message);
        raw.doFinal(plaintext, 0, size, message, IV_LENGTH);
        return message;
    }

    /** The same, fed in 64 KiB {@code update} calls. */
    @Benchmark
    public byte[] rawEncryptChunked() throws GeneralSecurityException {
        byte[] message = new byte[IV_LENGTH + size + TAG_LENGTH];
        initForEncryption(message);
        int at = 0;
        int out = IV_LENGTH;
        for (; size - at > CHUNK; at += CHUNK) {
            out += raw.update(plaintext, at, CHUNK, message, out);
        }
        raw.doFinal(plaintext, at, size - at, message, out);
        return message;
    }

    private void initForEncryption(byte[] message) throws GeneralSecurityException {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        System.arraycopy(iv, 0, message, 0, IV_LENGTH);
        raw.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, iv));
        raw.updateAAD(associatedData);
    }

    /** Raw AES-256-GCM decryption of a {@code IV ‖ ct ‖ tag} message: {@code init}, AAD, one {@code doFinal}. */
    @Benchmark
    public byte[] rawDecrypt() throws GeneralSecurityException {
        byte[] rawMessage = rawMessages[next ^= 1];
        raw.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, rawMessage, 0, IV_LENGTH));
        raw.updateAAD(associatedData);
        return raw.doFinal(rawMessage, IV_LENGTH, rawMessage.length - IV_LENGTH);
    }

    /** {@link EnvelopeEncryptor#encrypt}: fresh salt and nonce prefix, HKDF, 1 MiB segments, into a new array. */
    @Benchmark
    public byte[] envelopeEncrypt() {
        return encryptor.encrypt(key, id, plaintext);
    }

    /** {@link EnvelopeEncryptor#encryptingStream} written in one call, to a sink that discards. */
    @Benchmark
    public OutputStream envelopeEncryptStream() throws IOException {
        OutputStream out = encryptor.encryptingStream(key, id, OutputStream.nullOutputStream());
        out.write(plaintext);
        out.close();
        return out;
    }

    /** {@link EnvelopeEncryptor#decrypt}: every segment authenticated, into a new array. */
    @Benchmark
    public byte[] envelopeDecrypt() {
        return encryptor.decrypt(key, id, envelopes[next ^= 1]);
    }

    /** {@link EnvelopeEncryptor#decryptingStream} read to its end in 64 KiB reads into one reused array. */
    @Benchmark
    public long envelopeDecryptStream() throws IOException {
        long total = 0;
        try (InputStream in = encryptor.decryptingStream(key, id, new ByteArrayInputStream(envelopes[next ^= 1]))) {
            for (int n; (n = in.read(readBuffer)) >= 0; ) {
                total += n;
            }
        }
        return total;
    }
}
