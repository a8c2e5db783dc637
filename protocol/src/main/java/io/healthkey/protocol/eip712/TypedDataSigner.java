package io.healthkey.protocol.eip712;

import io.healthkey.protocol.EthAddress;
import org.web3j.crypto.ECKeyPair;

/**
 * Signs {@link TypedData} for one account, as a wallet's {@code eth_signTypedData_v4} would.
 *
 * <p>Security guarantees of every implementation: the signature is over {@link TypedData#digest()} only (domain
 * and message together, never a bare hash); it has the {@link EthSignature} form (low-s, v 27/28) and recovers to
 * {@link #address()}. Implementations refuse to sign a message whose {@link Eip712Message#requiredSigner()} is
 * another account, since the contract would reject it anyway.
 */
public interface TypedDataSigner {

    /** The account whose signatures this signer makes. */
    EthAddress address();

    /**
     * @throws io.healthkey.protocol.SignerMismatchException if the message must be signed by another account
     */
    EthSignature sign(TypedData data);

    /**
     * A signer holding the key pair in memory. Signatures are deterministic (RFC 6979 with HMAC-SHA256, as ethers
     * and most wallets), so signing the same data twice gives the same bytes and no random number generator can
     * leak the key.
     */
    static TypedDataSigner fromKeyPair(ECKeyPair keyPair) {
        return new KeyPairTypedDataSigner(keyPair);
    }
}
