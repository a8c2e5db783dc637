package io.healthkey.protocol.recovery;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.DecryptionFailedException;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidValueException;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.healthkey.protocol.keywrap.Ecies;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes recovery kits, re-wraps a guardian's share for a new device, and rebuilds the private key from k shares.
 * docs/FORMAT.md, section "Recovery kit", describes the steps.
 *
 * <p>Security guarantees: a fresh random 32-byte recovery secret R per kit (so a kit rotated to a new guardian set
 * makes the old shares useless); R is split k of n ({@link ShamirSharing}) and each share is ECIES-wrapped for one
 * guardian's key, so the kit holds no secret; the private key is AES-256-GCM-encrypted under R with the whole kit
 * as associated data. {@link #recover} returns a key only if the shares rebuild R exactly, the kit is unaltered and
 * the key derives the kit's public key; otherwise, whatever the cause (too few shares, a corrupted or foreign
 * share, an altered kit), it throws the one {@link DecryptionFailedException}: never a wrong key. Not provided: it
 * cannot tell which share was bad; a guardian who holds k - 1 other shares, or k guardians together, get the key.
 */
public final class RecoveryKits {

    private static final int SECRET_LENGTH = 32;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final Ecies ecies = new Ecies();
    private final ShamirSharing sharing;
    private final SecureRandom random;

    public RecoveryKits() {
        this(new ShamirSharing(), new SecureRandom());
    }

    RecoveryKits(ShamirSharing sharing, SecureRandom random) {
        this.sharing = Objects.requireNonNull(sharing, "sharing");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A new kit: {@code threshold} of {@code guardians} give {@code patientKey} back.
     *
     * @throws InvalidValueException if the parameters break a guarantee of {@link RecoveryKit}
     */
    public RecoveryKit create(EncryptionPrivateKey patientKey, EthAddress patient, long chainId,
            List<Guardian> guardians, int threshold, Instant now) {
        Objects.requireNonNull(patientKey, "patientKey");
        byte[] secret = randomBytes(SECRET_LENGTH);
        try {
            List<byte[]> shares = sharing.split(secret, threshold, guardians.size());
            List<KitGuardian> wrapped = new ArrayList<>(guardians.size());
            for (int i = 0; i < guardians.size(); i++) {
                Guardian guardian = guardians.get(i);
                wrapped.add(new KitGuardian(guardian.address(), guardian.encryptionKey(),
                        ecies.encrypt(guardian.encryptionKey(), shares.get(i))));
                Arrays.fill(shares.get(i), (byte) 0);
            }
            Instant createdAt = now.truncatedTo(ChronoUnit.SECONDS);
            RecoveryKit unsealed = new RecoveryKit(chainId, patient, Bytes32.fromBytes(randomBytes(32)), createdAt,
                    patientKey.publicKey(), threshold, wrapped, new byte[RecoveryKit.WRAPPED_PRIVATE_KEY_LENGTH]);
            byte[] nonce = randomBytes(NONCE_LENGTH);
            byte[] sealed = aesGcm(Cipher.ENCRYPT_MODE, secret, nonce, unsealed.associatedData(), patientKey.toBytes());
            byte[] wrappedPrivateKey = new byte[RecoveryKit.WRAPPED_PRIVATE_KEY_LENGTH];
            System.arraycopy(nonce, 0, wrappedPrivateKey, 0, NONCE_LENGTH);
            System.arraycopy(sealed, 0, wrappedPrivateKey, NONCE_LENGTH, sealed.length);
            return new RecoveryKit(chainId, patient, unsealed.kitId(), createdAt, patientKey.publicKey(), threshold,
                    wrapped, wrappedPrivateKey);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * The guardian's side of a recovery: opens its share of {@code kit} with {@code guardianKey} and wraps it again
     * for {@code recipient}, the patient's new device key. The guardian signs the result (EIP-712) before sending.
     *
     * @throws InvalidValueException if {@code guardianKey} is not the key of a guardian of the kit
     * @throws DecryptionFailedException if the guardian's wrapped share does not open with it
     */
    public ShareTransferMessage transferShare(RecoveryKit kit, EncryptionPrivateKey guardianKey,
            EncryptionPublicKey recipient, Instant deadline) {
        KitGuardian guardian = kit.guardians().stream()
                .filter(candidate -> candidate.encryptionKey().equals(guardianKey.publicKey()))
                .findFirst()
                .orElseThrow(() -> new InvalidValueException("no guardian of kit " + kit.kitId() + " has key "
                        + guardianKey.publicKey()));
        byte[] share = ecies.decrypt(guardianKey, guardian.wrappedShare());
        try {
            return new ShareTransferMessage(kit.kitId(), kit.patient(), guardian.address(), recipient,
                    ecies.encrypt(recipient, share), deadline);
        } finally {
            Arrays.fill(share, (byte) 0);
        }
    }

    /**
     * Rebuilds the patient's private key on the device holding {@code deviceKey} from verified transfers.
     *
     * @throws DecryptionFailedException for every failure: see the class comment
     */
    public EncryptionPrivateKey recover(RecoveryKit kit, List<VerifiedShareTransfer> transfers,
            EncryptionPrivateKey deviceKey) {
        Objects.requireNonNull(kit, "kit");
        Objects.requireNonNull(deviceKey, "deviceKey");
        List<byte[]> shares = new ArrayList<>(transfers.size());
        Set<EthAddress> guardians = new HashSet<>();
        byte[] secret = null;
        byte[] privateKey = null;
        try {
            for (VerifiedShareTransfer transfer : transfers) {
                ShareTransferMessage message = transfer.message();
                if (!message.kitId().equals(kit.kitId()) || !guardians.add(message.guardian())) {
                    throw new DecryptionFailedException();
                }
                byte[] share = ecies.decrypt(deviceKey, message.share());
                shares.add(share);
                if (share.length != KitGuardian.SHARE_LENGTH) {
                    throw new DecryptionFailedException();
                }
            }
            secret = ShamirSharing.combine(shares);
            byte[] wrapped = kit.wrappedPrivateKey();
            byte[] nonce = Arrays.copyOfRange(wrapped, 0, NONCE_LENGTH);
            byte[] sealed = Arrays.copyOfRange(wrapped, NONCE_LENGTH, wrapped.length);
            privateKey = aesGcm(Cipher.DECRYPT_MODE, secret, nonce, kit.associatedData(), sealed);
            EncryptionPrivateKey recovered = EncryptionPrivateKey.fromBytes(privateKey);
            if (!recovered.publicKey().equals(kit.patientPublicKey())) {
                throw new DecryptionFailedException();
            }
            return recovered;
        } catch (DecryptionFailedException failed) {
            throw failed;
        } catch (ProtocolException notAKey) { // too few shares to combine, a duplicate x, a scalar out of range
            throw new DecryptionFailedException();
        } finally {
            shares.forEach(share -> Arrays.fill(share, (byte) 0));
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
            if (privateKey != null) {
                Arrays.fill(privateKey, (byte) 0);
            }
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] aesGcm(int mode, byte[] key, byte[] nonce, byte[] associatedData, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(input);
        } catch (AEADBadTagException forged) {
            throw new DecryptionFailedException();
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available in this JVM", unavailable);
        }
    }
}
