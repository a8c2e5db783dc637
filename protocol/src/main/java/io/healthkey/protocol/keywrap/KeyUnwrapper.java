package io.healthkey.protocol.keywrap;

import io.healthkey.protocol.DecryptionFailedException;
import io.healthkey.protocol.EncryptionPrivateKey;

/**
 * Recovers a record key wrapped by a {@link KeyWrapper} (or by eciesjs / eciespy with their defaults).
 *
 * <p>Security guarantees: a key is returned only if the bytes are exactly a wrapping of a 32-byte key for
 * {@code recipientKey}, unaltered; every other input (wrapped for another key, any bit flipped, truncated,
 * extended, an ephemeral key that is not an uncompressed point on secp256k1) throws the same
 * {@link DecryptionFailedException} with the same message. What it does not guarantee: see {@link KeyWrapper}
 * (no binding to a record id, no sender authentication).
 */
public interface KeyUnwrapper {

    /** @throws DecryptionFailedException if {@code wrapped} does not open with {@code recipientKey} */
    RecordKey unwrap(WrappedKey wrapped, EncryptionPrivateKey recipientKey);
}
