package io.healthkey.protocol.siwe;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.InvalidSignatureException;
import io.healthkey.protocol.SignerMismatchException;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.SignatureVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * EIP-191 {@code personal_sign} signatures over Sign-In with Ethereum messages, for externally owned accounts.
 *
 * <p>Security guarantees: the digest is {@code keccak256("\x19Ethereum Signed Message:\n" + len + text)} over the
 * UTF-8 bytes of {@link SiweMessage#format()}, which is the text the wallet signed (see {@link SiweMessage#parse});
 * so changing any field, or any byte of the signature, makes {@link #verify} fail. Signatures are held to the form
 * {@link EthSignature} enforces (65 bytes, v 27 or 28, low s), so a signature cannot be altered into a second valid
 * one. Contract wallets (ERC-1271) need a call to the chain and are not covered: their address never recovers.
 */
public final class SiweSignatures {

    private SiweSignatures() {
    }

    /** The EIP-191 (version 0x45) digest a wallet signs for this message. */
    public static Bytes32 digest(SiweMessage message) {
        Objects.requireNonNull(message, "message");
        return Bytes32.fromBytes(Sign.getEthereumMessageHash(message.format().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The account that signed {@code message}. Almost any well-formed signature recovers to some account, so compare
     * the result with {@link SiweMessage#address()}, or use {@link #verify}.
     *
     * @throws InvalidSignatureException if no public key recovers from the signature
     */
    public static EthAddress recoverSigner(SiweMessage message, EthSignature signature) {
        return SignatureVerifier.recoverSigner(digest(message), signature);
    }

    /**
     * Checks that the message's own {@link SiweMessage#address()} signed it.
     *
     * @return the signer
     * @throws SignerMismatchException if the signature recovers to another account
     * @throws InvalidSignatureException if it recovers to no account
     */
    public static EthAddress verify(SiweMessage message, EthSignature signature) {
        EthAddress actual = recoverSigner(message, signature);
        if (!actual.equals(message.address())) {
            throw new SignerMismatchException(message.address(), actual);
        }
        return actual;
    }

    /**
     * Signs {@code message} as a wallet's {@code personal_sign} would (RFC 6979, low s, v 27 or 28).
     *
     * @throws SignerMismatchException if the key is not the message's address
     */
    public static EthSignature sign(SiweMessage message, ECKeyPair key) {
        Objects.requireNonNull(key, "key");
        EthAddress signer = EthAddress.fromBytes(Hex.decode("0x" + Keys.getAddress(key), 20, "address"));
        if (!signer.equals(message.address())) {
            throw new SignerMismatchException(message.address(), signer);
        }
        Sign.SignatureData data = Sign.signMessage(digest(message).toBytes(), key, false);
        byte[] bytes = new byte[65];
        System.arraycopy(data.getR(), 0, bytes, 0, 32);
        System.arraycopy(data.getS(), 0, bytes, 32, 32);
        bytes[64] = data.getV()[0];
        return EthSignature.fromBytes(bytes);
    }
}
