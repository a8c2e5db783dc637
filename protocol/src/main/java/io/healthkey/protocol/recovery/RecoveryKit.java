package io.healthkey.protocol.recovery;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.MalformedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A guardian recovery kit, version 1: what a patient's client stores as a record so that {@link #threshold()} of
 * its guardians can give the patient's encryption private key back to a new device. docs/FORMAT.md, section
 * "Recovery kit", gives the bytes:
 *
 * <pre>
 * "HKRK" (4) ‖ version 1 (1) ‖ chainId (8) ‖ patient (20) ‖ kitId (32) ‖ createdAt (8) ‖ patientPublicKey (33)
 *   ‖ k (1) ‖ n (1) ‖ n × [guardian (20) ‖ guardian encryption key (33) ‖ wrapped share (130)]
 *   ‖ wrapped private key: nonce (12) ‖ ciphertext (32) ‖ tag (16)
 * </pre>
 *
 * Integers are big-endian; everything before the wrapped private key is its AES-GCM associated data
 * ({@link #associatedData()}), so no byte of the kit can change without the private key failing to open.
 *
 * <p>Guarantees of every instance (and so of {@link #parse}, which throws only {@code ProtocolException}s): 2 <= k
 * <= n <= 255, a chain id in 1..2^53-1 and a creation time in 0..2^53-1 seconds (JavaScript reads both exactly), a
 * non-zero patient, guardians with distinct non-zero addresses other than the patient and distinct valid keys,
 * wrapped shares and private key of their exact lengths. It holds no secret and no plaintext share.
 */
public record RecoveryKit(
        long chainId,
        EthAddress patient,
        Bytes32 kitId,
        Instant createdAt,
        EncryptionPublicKey patientPublicKey,
        int threshold,
        List<KitGuardian> guardians,
        byte[] wrappedPrivateKey) {

    /** The only version this class reads and writes. */
    public static final int VERSION = 1;
    /** Nonce, 32-byte key, tag. */
    public static final int WRAPPED_PRIVATE_KEY_LENGTH = 12 + 32 + 16;

    private static final byte[] MAGIC = "HKRK".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_LENGTH = 4 + 1 + 8 + 20 + 32 + 8 + 33 + 1 + 1;
    private static final int GUARDIAN_LENGTH = 20 + 33 + KitGuardian.WRAPPED_SHARE_LENGTH;
    /** The length of a kit with 255 guardians: no version 1 kit is longer. */
    public static final int MAX_LENGTH = HEADER_LENGTH + ShamirSharing.MAX_SHARES * GUARDIAN_LENGTH + WRAPPED_PRIVATE_KEY_LENGTH;
    /** Chain ids and times stay below 2^53, so that JavaScript reads them exactly. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    public RecoveryKit {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(kitId, "kitId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(patientPublicKey, "patientPublicKey");
        Objects.requireNonNull(wrappedPrivateKey, "wrappedPrivateKey");
        guardians = List.copyOf(guardians);
        if (chainId < 1 || chainId > MAX_SAFE_INTEGER) {
            throw new InvalidValueException("chain id must be 1..2^53-1, got " + chainId);
        }
        if (patient.isZero()) {
            throw new InvalidValueException("patient must not be the zero address");
        }
        if (createdAt.getNano() != 0 || createdAt.isBefore(Instant.EPOCH)
                || createdAt.getEpochSecond() > MAX_SAFE_INTEGER) {
            throw new InvalidValueException("createdAt must be whole seconds in 0..2^53-1, got " + createdAt);
        }
        if (threshold < 2 || guardians.size() < threshold || guardians.size() > ShamirSharing.MAX_SHARES) {
            throw new InvalidValueException("a kit needs 2 <= k <= n <= 255, got " + threshold + " of " + guardians.size());
        }
        requireDistinctGuardians(patient, guardians);
        if (wrappedPrivateKey.length != WRAPPED_PRIVATE_KEY_LENGTH) {
            throw new MalformedEncodingException("wrapped private key must be " + WRAPPED_PRIVATE_KEY_LENGTH
                    + " bytes, got " + wrappedPrivateKey.length);
        }
        wrappedPrivateKey = wrappedPrivateKey.clone();
    }

    private static void requireDistinctGuardians(EthAddress patient, List<KitGuardian> guardians) {
        Set<EthAddress> addresses = new HashSet<>();
        Set<EncryptionPublicKey> keys = new HashSet<>();
        for (KitGuardian guardian : guardians) {
            if (guardian.address().isZero() || guardian.address().equals(patient)) {
                throw new InvalidValueException("a guardian must be neither the zero address nor the patient");
            }
            if (!addresses.add(guardian.address()) || !keys.add(guardian.encryptionKey())) {
                throw new InvalidValueException("guardian " + guardian.address() + " or its key appears twice");
            }
        }
    }

    /**
     * Reads a version 1 kit.
     *
     * @throws MalformedEncodingException if the bytes are not a version 1 kit of consistent length
     * @throws InvalidValueException if they are, but break one of the guarantees above
     */
    public static RecoveryKit parse(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < HEADER_LENGTH || !Arrays.equals(bytes, 0, 4, MAGIC, 0, 4) || bytes[4] != VERSION) {
            throw new MalformedEncodingException("not a version 1 recovery kit");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 5, bytes.length - 5);
        long chainId = in.getLong();
        EthAddress patient = EthAddress.fromBytes(take(in, 20));
        Bytes32 kitId = Bytes32.fromBytes(take(in, 32));
        long createdAt = in.getLong();
        if (createdAt < 0 || createdAt > MAX_SAFE_INTEGER) {
            throw new InvalidValueException("createdAt must be 0..2^53-1 seconds");
        }
        EncryptionPublicKey patientKey = EncryptionPublicKey.fromCompressed(take(in, 33));
        int threshold = in.get() & 0xff;
        int count = in.get() & 0xff;
        if (bytes.length != HEADER_LENGTH + count * GUARDIAN_LENGTH + WRAPPED_PRIVATE_KEY_LENGTH) {
            throw new MalformedEncodingException("a kit with " + count + " guardians must be "
                    + (HEADER_LENGTH + count * GUARDIAN_LENGTH + WRAPPED_PRIVATE_KEY_LENGTH) + " bytes, got " + bytes.length);
        }
        List<KitGuardian> guardians = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            guardians.add(new KitGuardian(EthAddress.fromBytes(take(in, 20)),
                    EncryptionPublicKey.fromCompressed(take(in, 33)), take(in, KitGuardian.WRAPPED_SHARE_LENGTH)));
        }
        return new RecoveryKit(chainId, patient, kitId, Instant.ofEpochSecond(createdAt), patientKey, threshold,
                guardians, take(in, WRAPPED_PRIVATE_KEY_LENGTH));
    }

    /** Parses {@code 0x}-prefixed hex; see {@link #parse(byte[])}. */
    public static RecoveryKit parse(String hex) {
        return parse(Hex.decode(hex, "recovery kit"));
    }

    /** The bytes of the kit, as stored. */
    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + guardians.size() * GUARDIAN_LENGTH
                + WRAPPED_PRIVATE_KEY_LENGTH);
        out.put(associatedData());
        out.put(wrappedPrivateKey);
        return out.array();
    }

    /** {@code 0x} and lowercase hex of {@link #toBytes()}. */
    public String toHex() {
        return Hex.encode(toBytes());
    }

    /** Every byte before the wrapped private key: what its AES-GCM tag authenticates. */
    public byte[] associatedData() {
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + guardians.size() * GUARDIAN_LENGTH);
        out.put(MAGIC).put((byte) VERSION).putLong(chainId).put(patient.toBytes()).put(kitId.toBytes())
                .putLong(createdAt.getEpochSecond()).put(patientPublicKey.toBytes())
                .put((byte) threshold).put((byte) guardians.size());
        for (KitGuardian guardian : guardians) {
            out.put(guardian.address().toBytes()).put(guardian.encryptionKey().toBytes()).put(guardian.wrappedShare());
        }
        return out.array();
    }

    /** The guardian with this address, if it is one of the kit's. */
    public Optional<KitGuardian> guardian(EthAddress address) {
        return guardians.stream().filter(guardian -> guardian.address().equals(address)).findFirst();
    }

    @Override
    public byte[] wrappedPrivateKey() {
        return wrappedPrivateKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecoveryKit that && Arrays.equals(toBytes(), that.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "RecoveryKit[" + kitId + " of " + patient + " on chain " + chainId + ", " + threshold + " of "
                + guardians.size() + "]";
    }

    private static byte[] take(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
