package io.healthkey.protocol.eip712;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.SignerMismatchException;
import java.math.BigInteger;
import java.util.Objects;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/** {@link TypedDataSigner} over a web3j key pair in memory; see {@link TypedDataSigner#fromKeyPair}. */
final class KeyPairTypedDataSigner implements TypedDataSigner {

    private final ECKeyPair keyPair;
    private final EthAddress address;

    KeyPairTypedDataSigner(ECKeyPair keyPair) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        this.address = EthAddress.parse("0x" + Keys.getAddress(keyPair));
    }

    @Override
    public EthAddress address() {
        return address;
    }

    @Override
    public EthSignature sign(TypedData data) {
        EthAddress required = data.message().requiredSigner();
        if (!required.equals(address)) {
            throw new SignerMismatchException(required, address);
        }
        // web3j signs with RFC 6979 k, canonicalises s to the lower half and picks v from the recovery id.
        Sign.SignatureData signature = Sign.signMessage(data.digest().toBytes(), keyPair, false);
        return EthSignature.of(
                new BigInteger(1, signature.getR()),
                new BigInteger(1, signature.getS()),
                signature.getV()[0] & 0xff);
    }

    @Override
    public String toString() {
        return "TypedDataSigner[" + address + "]";
    }

    static EthAddress addressOf(BigInteger publicKey) {
        return EthAddress.fromBytes(Hex.decode("0x" + Keys.getAddress(publicKey), 20, "address"));
    }
}
