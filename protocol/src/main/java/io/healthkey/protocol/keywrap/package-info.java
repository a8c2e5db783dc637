/**
 * Wrapping of record keys for their readers: ECIES over secp256k1 in the byte format of the npm package
 * {@code eciesjs} 0.5.0 (and PyPI {@code eciespy}) in their default configuration, so that any dApp unwraps a
 * record key with a standard library. docs/FORMAT.md, section "Key wrapping", gives the bytes.
 *
 * <p>Entry points: {@link io.healthkey.protocol.keywrap.KeyWrapper} and
 * {@link io.healthkey.protocol.keywrap.KeyUnwrapper} (implemented by
 * {@link io.healthkey.protocol.keywrap.EciesKeyWrap}) for record keys, and
 * {@link io.healthkey.protocol.keywrap.Ecies} for arbitrary bytes.
 */
package io.healthkey.protocol.keywrap;
