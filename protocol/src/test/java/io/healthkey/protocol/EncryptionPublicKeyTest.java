package io.healthkey.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

class EncryptionPublicKeyTest {

    // Hardhat account #0; its compressed public key as ethers' SigningKey.computePublicKey(key, true) gives it.
    static final ECKeyPair ACCOUNT_0 = ECKeyPair.create(
            new BigInteger("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", 16));
    static final String ACCOUNT_0_KEY = "0x038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75";

    @Test
    void compressesTheKeyOfAKeyPair() {
        assertThat(EncryptionPublicKey.of(ACCOUNT_0).toHex()).isEqualTo(ACCOUNT_0_KEY);
        assertThat(EncryptionPublicKey.parse(ACCOUNT_0_KEY)).isEqualTo(EncryptionPublicKey.of(ACCOUNT_0));
    }

    @Test
    void rejectsUncompressedPrefixAndWrongLength() {
        assertThatThrownBy(() -> EncryptionPublicKey.parse("0x04" + ACCOUNT_0_KEY.substring(4)))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> EncryptionPublicKey.fromCompressed(new byte[32]))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejectsXThatIsNotOnTheCurve() {
        // x = 5: x^3 + 7 = 132 is not a square modulo p, so no point has this x.
        assertThatThrownBy(() -> EncryptionPublicKey.parse("0x02" + "00".repeat(31) + "05"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("not a secp256k1 point");
    }

    @Test
    void itsAddressIsTheAccountAddressOfTheSameKeyPair() {
        ECKeyPair pair = ECKeyPair.create(BigInteger.valueOf(0xC0FFEE));

        assertThat(EncryptionPublicKey.of(pair).address())
                .isEqualTo(EthAddress.parse("0x" + Keys.getAddress(pair)));
    }
}
