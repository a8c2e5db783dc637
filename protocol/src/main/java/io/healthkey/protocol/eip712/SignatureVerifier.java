package io.healthkey.protocol.eip712;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidSignatureException;
import io.healthkey.protocol.SignerMismatchException;
import java.math.BigInteger;
import java.util.Objects;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Sign;

/**
 * Checks EIP-712 signatures of externally owned accounts the way the contracts' {@code SignatureVerifier} does for
 * them (OpenZeppelin {@code ECDSA.tryRecover}); contract wallets (ERC-1271) need a chain call and are not covered.
 *
 * <p>Security guarantees: a signature verifies for exactly one digest, so changing any message field, the chain
 * id, the verifying contract, the domain name or version makes it recover another account; malformed and
 * high-s signatures are refused by {@link EthSignature}; a signature that recovers to no key is refused.
 */
public final class SignatureVerifier {

    private SignatureVerifier() {
    }

    /**
     * Checks that the message's {@link Eip712Message#requiredSigner()} signed {@code data}.
     *
     * @return the signer, for logging
     * @throws SignerMismatchException if the signature recovers to another account
     * @throws InvalidSignatureException if it recovers to no account
     */
    public static EthAddress verify(TypedData data, EthSignature signature) {
        EthAddress expected = data.message().requiredSigner();
        EthAddress actual = recoverSigner(data, signature);
        if (!actual.equals(expected)) {
            throw new SignerMismatchException(expected, actual);
        }
        return actual;
    }

    /** Whether {@link #verify} would succeed; false for signatures that recover to nobody. */
    public static boolean isSignedByRequiredSigner(TypedData data, EthSignature signature) {
        try {
            verify(data, signature);
            return true;
        } catch (SignerMismatchException | InvalidSignatureException rejected) {
            return false;
        }
    }

    /**
     * The account that signed {@code data}. Any signature of valid form recovers to some account for almost any
     * digest, so compare the result with the expected signer, or use {@link #verify}.
     *
     * @throws InvalidSignatureException if no public key recovers from the signature
     */
    public static EthAddress recoverSigner(TypedData data, EthSignature signature) {
        return recoverSigner(data.digest(), signature);
    }

    /** As {@link #recoverSigner(TypedData, EthSignature)}, for a digest computed elsewhere. */
    public static EthAddress recoverSigner(Bytes32 digest, EthSignature signature) {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(signature, "signature");
        BigInteger publicKey;
        try {
            publicKey = Sign.recoverFromSignature(
                    signature.v() - 27, new ECDSASignature(signature.r(), signature.s()), digest.toBytes());
        } catch (IllegalArgumentException notOnCurve) { // r is not the x of a curve point
            publicKey = null;
        }
        if (publicKey == null) {
            throw new InvalidSignatureException("no public key recovers from the signature");
        }
        return KeyPairTypedDataSigner.addressOf(publicKey);
    }
}
