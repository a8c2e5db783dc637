package io.healthkey.protocol.keywrap;

import io.healthkey.protocol.EncryptionPublicKey;

/**
 * Wraps a record key for one reader, so that only the holder of the reader's private key can recover it.
 *
 * <p>Security guarantees of {@link EciesKeyWrap}, the implementation: IND-CCA2 confidentiality and integrity of the
 * record key under the gap-Diffie-Hellman assumption on secp256k1, as ECIES with HKDF-SHA256 and AES-256-GCM
 * (eciesjs's default) provides; a fresh ephemeral key and nonce for every call, so wrapping the same key twice
 * gives unrelated bytes. Not guaranteed by the format itself: binding to a record id or version (the wrapped bytes
 * carry no associated data, a wrapped key can be copied beside another record; the record envelope binds the record
 * id in its own associated data), nor authentication of the sender (anybody can wrap a key for anybody).
 */
public interface KeyWrapper {

    /** Wraps {@code key} for the holder of the private half of {@code recipient}. */
    WrappedKey wrap(RecordKey key, EncryptionPublicKey recipient);
}
