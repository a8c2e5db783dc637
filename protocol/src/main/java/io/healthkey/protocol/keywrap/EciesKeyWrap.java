package io.healthkey.protocol.keywrap;

import io.healthkey.protocol.DecryptionFailedException;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import java.util.Objects;

/**
 * Record-key wrapping with {@link Ecies}: the wrapped key is {@code eciesjs.encrypt(recipient, key)}, 129 bytes,
 * and unwraps with {@code eciesjs.decrypt(privateKey, wrapped)}. Security guarantees: those of {@link KeyWrapper}
 * and {@link KeyUnwrapper}. Thread-safe.
 */
public final class EciesKeyWrap implements KeyWrapper, KeyUnwrapper {

    private final Ecies ecies;

    /** Draws ephemeral keys and nonces from a {@link java.security.SecureRandom}. */
    public EciesKeyWrap() {
        this(new Ecies());
    }

    EciesKeyWrap(Ecies ecies) {
        this.ecies = Objects.requireNonNull(ecies, "ecies");
    }

    @Override
    public WrappedKey wrap(RecordKey key, EncryptionPublicKey recipient) {
        Objects.requireNonNull(key, "key");
        return WrappedKey.fromBytes(ecies.encrypt(recipient, key.toBytes()));
    }

    @Override
    public RecordKey unwrap(WrappedKey wrapped, EncryptionPrivateKey recipientKey) {
        Objects.requireNonNull(wrapped, "wrapped");
        byte[] bytes = wrapped.toBytes();
        if (bytes.length != WrappedKey.LENGTH) {
            throw new DecryptionFailedException();
        }
        return RecordKey.fromBytes(ecies.decrypt(recipientKey, bytes));
    }
}
