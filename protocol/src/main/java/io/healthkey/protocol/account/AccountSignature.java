package io.healthkey.protocol.account;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.InvalidSignatureException;
import io.healthkey.protocol.MalformedEncodingException;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.SignatureVerifier;

/**
 * The signature of an account, whatever the account is: the 65 bytes {@code r ‖ s ‖ v} of an externally owned
 * account, the bytes a contract wallet's {@code isValidSignature} (ERC-1271) reads, or an ERC-6492 wrapper of those
 * for an account that is not deployed yet ({@link Erc6492Signature}).
 *
 * <p>Guarantees: 1 to {@link #MAX_BYTES} bytes; a signature ending in the ERC-6492 magic is a canonical wrapper
 * ({@link #erc6492()} never fails on an instance). Nothing here says whose signature it is: an EOA's is judged by
 * {@link EthSignature} (strict 65-byte low-s, as OpenZeppelin's {@code ECDSA}), the others only by the chain.
 *
 * <p>Why the bound: a passkey's WebAuthn signature carries its authenticatorData and clientDataJSON (several
 * hundred bytes, more when a browser adds members to clientDataJSON), ERC-7739 wraps it with the app's domain
 * and type string, a k-of-n account repeats a signature per signer, and ERC-6492 adds the factory calldata. Four
 * kilobytes hold all of these with room to spare, and keep what a client can make the relayer simulate, pay for as
 * calldata and store small.
 */
public final class AccountSignature {

    /** The longest signature accepted. */
    public static final int MAX_BYTES = 4096;

    private final byte[] bytes;
    private final Erc6492Signature erc6492;

    private AccountSignature(byte[] bytes) {
        this.bytes = bytes;
        this.erc6492 = Erc6492Signature.unwrap(bytes);
    }

    /** @throws InvalidSignatureException if empty, longer than {@link #MAX_BYTES}, or a malformed ERC-6492 wrapper */
    public static AccountSignature fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0 || bytes.length > MAX_BYTES) {
            throw new InvalidSignatureException("signature must be 1 to " + MAX_BYTES + " bytes, got " + bytes.length);
        }
        return new AccountSignature(bytes.clone());
    }

    /**
     * Parses {@code 0x} and an even number of hex digits; see {@link #fromBytes}. The length is checked before the
     * digits are decoded.
     */
    public static AccountSignature parse(String hex) {
        if (hex != null && hex.length() > 2 + 2 * MAX_BYTES) {
            throw new MalformedEncodingException("signature must be at most " + MAX_BYTES + " bytes");
        }
        return fromBytes(Hex.decode(hex, "signature"));
    }

    /** The signature of an externally owned account, as it is. */
    public static AccountSignature of(EthSignature signature) {
        return new AccountSignature(signature.toBytes());
    }

    /** These bytes as a 65-byte ECDSA signature, if they are a well-formed one (low-s, v 27 or 28). */
    public Optional<EthSignature> asEcdsa() {
        if (bytes.length != 65) {
            return Optional.empty();
        }
        try {
            return Optional.of(EthSignature.fromBytes(bytes));
        } catch (InvalidSignatureException e) {
            return Optional.empty();
        }
    }

    /**
     * The key that signed {@code digest}, if these bytes are a well-formed ECDSA signature ({@link #asEcdsa()}) from
     * which a key recovers: the account itself when it is that key's address. Empty for any other bytes, which only
     * a contract wallet can judge.
     */
    public Optional<EthAddress> ecdsaSigner(Bytes32 digest) {
        try {
            return asEcdsa().map(ecdsa -> SignatureVerifier.recoverSigner(digest, ecdsa));
        } catch (InvalidSignatureException unrecoverable) {
            return Optional.empty();
        }
    }

    /** The ERC-6492 wrapper these bytes are, if they end in its magic. */
    public Optional<Erc6492Signature> erc6492() {
        return Optional.ofNullable(erc6492);
    }

    public int length() {
        return bytes.length;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** {@code 0x} and two lowercase hex digits a byte. */
    public String toHex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccountSignature that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
