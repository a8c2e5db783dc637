package io.healthkey.protocol.recovery;

import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.MalformedEncodingException;
import java.util.Arrays;
import java.util.Objects;

/**
 * One guardian of a {@link RecoveryKit}: its account, the encryption key it published, and its share of the
 * recovery secret wrapped for that key ({@code eciesjs.encrypt(encryptionKey, share)}, {@link #WRAPPED_SHARE_LENGTH}
 * bytes). Not secret.
 */
public record KitGuardian(EthAddress address, EncryptionPublicKey encryptionKey, byte[] wrappedShare) {

    /** A Shamir share of the 32-byte recovery secret: 32 y bytes and the x byte. */
    public static final int SHARE_LENGTH = 33;
    /** ECIES overhead (97) plus a share. */
    public static final int WRAPPED_SHARE_LENGTH = 97 + SHARE_LENGTH;

    public KitGuardian {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(wrappedShare, "wrappedShare");
        if (wrappedShare.length != WRAPPED_SHARE_LENGTH) {
            throw new MalformedEncodingException("a wrapped share must be " + WRAPPED_SHARE_LENGTH + " bytes, got "
                    + wrappedShare.length);
        }
        wrappedShare = wrappedShare.clone();
    }

    @Override
    public byte[] wrappedShare() {
        return wrappedShare.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KitGuardian that && address.equals(that.address)
                && encryptionKey.equals(that.encryptionKey) && Arrays.equals(wrappedShare, that.wrappedShare);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, encryptionKey, Arrays.hashCode(wrappedShare));
    }

    @Override
    public String toString() {
        return "KitGuardian[" + address + ", key " + encryptionKey + ", share " + Hex.encode(wrappedShare) + "]";
    }
}
