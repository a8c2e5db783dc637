package io.healthkey.benchmarks;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Where the fixed cost of a small envelope goes: each step an envelope takes beyond raw AES-GCM, timed alone with
 * the JDK primitives the envelope uses (nanoseconds per operation). Not a model of the envelope code itself; run
 * {@link EnvelopeEncryptionBenchmark} for that. E.g. {@code java -cp benchmarks/target/benchmarks.jar
 * org.openjdk.jmh.Main EnvelopeCostBenchmark -f 1 -wi 5 -w 1s -i 10 -r 500ms}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnvelopeCostBenchmark {

    private static final byte[] INFO = "HealthKey record envelope v1".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random = new SecureRandom();
    private final byte[] plaintext = new byte[1024];
    private final byte[] associatedData = new byte[73];
    private final byte[] recordKey = new byte[32];
    private final byte[] salt = new byte[32];
    private final byte[] iv = new byte[12];
    private final byte[] out = new byte[1024 + 16];
    private SecretKeySpec[] keys;
    private long counter;
    private Cipher cipher;
    private Mac mac;
    private MessageDigest sha256;
    private SecureRandom drbg;
    private final RecordId recordId =
            RecordId.of(EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), Category.OBSERVATION, 1);
    private final byte[] pad = new byte[64];
    private final byte[] inner = new byte[32];
    private final byte[] prk = new byte[32];
    private final byte[] okm = new byte[32];

    @Setup
    public void setUp() throws GeneralSecurityException {
        Random seeded = new Random(1);
        seeded.nextBytes(plaintext);
        seeded.nextBytes(associatedData);
        seeded.nextBytes(recordKey);
        seeded.nextBytes(salt);
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        seeded.nextBytes(a);
        seeded.nextBytes(b);
        keys = new SecretKeySpec[] {new SecretKeySpec(a, "AES"), new SecretKeySpec(b, "AES")};
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        mac = Mac.getInstance("HmacSHA256");
        sha256 = MessageDigest.getInstance("SHA-256");
        drbg = SecureRandom.getInstance("DRBG");
    }

    /** The 32 bytes of a record id, which the envelope puts in its associated data. */
    @Benchmark
    public Bytes32 recordIdBytes() {
        return recordId.toBytes32();
    }

    /** The raw baseline's IV: 12 bytes from SecureRandom. */
    @Benchmark
    public byte[] secureRandom12() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The envelope's salt and nonce prefix: 39 bytes from SecureRandom, one call. */
    @Benchmark
    public byte[] secureRandom39() {
        byte[] bytes = new byte[39];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The same from a DRBG instance (SP 800-90A Hash_DRBG, SHA-256) of this thread's own. */
    @Benchmark
    public byte[] drbg39() {
        byte[] bytes = new byte[39];
        drbg.nextBytes(bytes);
        return bytes;
    }

    @Benchmark
    public Cipher cipherGetInstance() throws GeneralSecurityException {
        return Cipher.getInstance("AES/GCM/NoPadding");
    }

    @Benchmark
    public Mac macGetInstance() throws GeneralSecurityException {
        return Mac.getInstance("HmacSHA256");
    }

    /** HKDF-SHA256 for L = 32 on a reused Mac: extract, then the one expand block; two Mac.init. */
    @Benchmark
    public byte[] hkdfReusedMac() throws GeneralSecurityException {
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(recordKey);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(INFO);
        mac.update((byte) 1);
        return mac.doFinal();
    }

    /** The same HKDF with HMAC written out on one reused SHA-256 MessageDigest: four digests, no Mac. */
    @Benchmark
    public byte[] hkdfMessageDigest() throws GeneralSecurityException {
        hmac(salt, recordKey, null, prk);
        hmac(prk, INFO, new byte[] {1}, okm);
        return okm;
    }

    private void hmac(byte[] key, byte[] message, byte[] more, byte[] result) throws GeneralSecurityException {
        for (int i = 0; i < 64; i++) {
            pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
        }
        sha256.update(pad);
        sha256.update(message);
        if (more != null) {
            sha256.update(more);
        }
        sha256.digest(inner, 0, 32);
        for (int i = 0; i < 64; i++) {
            pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x5c);
        }
        sha256.update(pad);
        sha256.update(inner);
        sha256.digest(result, 0, 32);
    }

    /** One SHA-256 of 64 bytes (two compression functions with its padding), the unit HMAC is made of. */
    @Benchmark
    public byte[] sha256OneBlock() {
        sha256.update(out, 0, 64);
        return sha256.digest();
    }

    /** Seal 1 KiB under a key the cipher saw last time (the JDK keeps the AES key schedule): raw's case. */
    @Benchmark
    public byte[] gcmSealSameKey() throws GeneralSecurityException {
        return seal(keys[0]);
    }

    /** Seal 1 KiB under a key other than last time's, so the AES key schedule is made: the envelope's case. */
    @Benchmark
    public byte[] gcmSealNewKey() throws GeneralSecurityException {
        return seal(keys[(int) (counter & 1)]);
    }

    private byte[] seal(SecretKeySpec key) throws GeneralSecurityException {
        counter++;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (counter >>> (8 * i));
        }
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        cipher.updateAAD(associatedData);
        cipher.doFinal(plaintext, 0, plaintext.length, out, 0);
        return out;
    }
}
