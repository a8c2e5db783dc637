package io.healthkey.protocol.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.InvalidSignatureException;
import io.healthkey.protocol.MalformedEncodingException;

class AccountSignatureTest {

    /** ethers 6: concat([AbiCoder.encode(["address","bytes","bytes"], [factory, 0xab×100, 0xcd×33]), magic]). */
    static final String ETHERS_WRAPPER = "0x0000000000000000000000005fbdb2315678afecb367f032d93f642f64180aa3000000000000000000000000000000000000000000000000000000000000006000000000000000000000000000000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000000064abababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000021cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd000000000000000000000000000000000000000000000000000000000000006492649264926492649264926492649264926492649264926492649264926492";
    static final EthAddress FACTORY = EthAddress.parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");

    @Test
    void readsTheWrapperEthersWrites() {
        Erc6492Signature wrapper = AccountSignature.parse(ETHERS_WRAPPER).erc6492().orElseThrow();

        assertThat(wrapper.factory()).isEqualTo(FACTORY);
        assertThat(wrapper.factoryCalldata()).isEqualTo(filled(100, 0xab));
        assertThat(wrapper.signature().toBytes()).isEqualTo(filled(33, 0xcd));
        assertThat(Hex.encode(wrapper.toBytes())).isEqualTo(ETHERS_WRAPPER);
    }

    @Test
    void writesWhatItReadsForEveryPaddingOfItsFields() {
        for (int calldata : new int[] {0, 1, 31, 32, 33, 100}) {
            for (int inner : new int[] {1, 32, 65, 700}) {
                Erc6492Signature wrapper = new Erc6492Signature(FACTORY, filled(calldata, 7),
                        AccountSignature.fromBytes(filled(inner, 9)));
                assertThat(wrapper.toAccountSignature().erc6492()).contains(wrapper);
            }
        }
    }

    @Test
    void leavesSignaturesWithoutTheMagicAtTheEndUnwrapped() {
        byte[] trailing = Arrays.copyOf(Hex.decode(ETHERS_WRAPPER, "vector"), Hex.decode(ETHERS_WRAPPER, "v").length + 1);

        assertThat(AccountSignature.fromBytes(trailing).erc6492()).isEmpty();
        assertThat(AccountSignature.fromBytes(filled(65, 1)).erc6492()).isEmpty();
    }

    @Test
    void refusesEveryNonCanonicalOrTruncatedWrapper() {
        byte[] wrapper = Hex.decode(ETHERS_WRAPPER, "vector");
        int[][] mutations = {
            {0, 1},                 // the factory word's upper bytes
            {63, 0x40},             // the calldata offset
            {95, 0x20},             // the signature offset
            {127, 0xa1},            // the calldata length, into the signature's length
            {4 * 32 + 100, 1},      // the calldata's padding
            {9 * 32 - 1, 0x60},     // the signature length, past the data
            {9 * 32 + 33, 1},       // the signature's padding
        };
        for (int[] mutation : mutations) {
            byte[] mutated = wrapper.clone();
            mutated[mutation[0]] = (byte) mutation[1];
            assertThatThrownBy(() -> AccountSignature.fromBytes(mutated)).as("byte %d", mutation[0])
                    .isInstanceOf(InvalidSignatureException.class);
        }
        for (int cut = 1; cut < wrapper.length - 32; cut += 31) {
            byte[] truncated = new byte[wrapper.length - cut];
            System.arraycopy(wrapper, 0, truncated, 0, truncated.length - 32);
            System.arraycopy(Erc6492Signature.MAGIC, 0, truncated, truncated.length - 32, 32);
            assertThatThrownBy(() -> AccountSignature.fromBytes(truncated)).as("cut %d", cut)
                    .isInstanceOf(InvalidSignatureException.class);
        }
        byte[] extended = new byte[wrapper.length + 32];
        System.arraycopy(wrapper, 0, extended, 0, wrapper.length - 32);
        System.arraycopy(Erc6492Signature.MAGIC, 0, extended, extended.length - 32, 32);
        assertThatThrownBy(() -> AccountSignature.fromBytes(extended)).isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> AccountSignature.fromBytes(Erc6492Signature.MAGIC))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void refusesAWrapperInsideAWrapper() {
        AccountSignature inner = new Erc6492Signature(FACTORY, filled(4, 1), AccountSignature.fromBytes(filled(65, 2)))
                .toAccountSignature();

        assertThatThrownBy(() -> new Erc6492Signature(FACTORY, filled(4, 1), inner).toAccountSignature())
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void boundsTheLengthBeforeDecodingAndRefusesEmptySignatures() {
        assertThat(AccountSignature.fromBytes(filled(AccountSignature.MAX_BYTES, 1)).length())
                .isEqualTo(AccountSignature.MAX_BYTES);
        assertThatThrownBy(() -> AccountSignature.fromBytes(filled(AccountSignature.MAX_BYTES + 1, 1)))
                .isInstanceOf(InvalidSignatureException.class);
        assertThatThrownBy(() -> AccountSignature.parse("0x" + "zz".repeat(AccountSignature.MAX_BYTES + 1)))
                .isInstanceOf(MalformedEncodingException.class).hasMessageNotContaining("zz");
        assertThatThrownBy(() -> AccountSignature.parse("0x")).isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void isAnEcdsaSignatureOnlyWhenSixtyFiveWellFormedBytes() {
        byte[] lowS = new byte[65];
        lowS[31] = 1;
        lowS[63] = 1;
        lowS[64] = 27;
        byte[] highS = lowS.clone();
        Arrays.fill(highS, 32, 64, (byte) 0xff);

        assertThat(AccountSignature.fromBytes(lowS).asEcdsa()).isPresent();
        assertThat(AccountSignature.fromBytes(highS).asEcdsa()).isEmpty();
        assertThat(AccountSignature.fromBytes(Arrays.copyOf(lowS, 64)).asEcdsa()).isEmpty();
    }

    @Test
    void namesTheKeyOnlyOfAnEcdsaSignatureFromWhichOneRecovers() {
        ECKeyPair key = ECKeyPair.create(BigInteger.valueOf(0x5eed));
        Bytes32 digest = Bytes32.fromBytes(filled(32, 0x42));
        Sign.SignatureData signed = Sign.signMessage(digest.toBytes(), key, false);
        byte[] bytes = new byte[65];
        System.arraycopy(signed.getR(), 0, bytes, 0, 32);
        System.arraycopy(signed.getS(), 0, bytes, 32, 32);
        bytes[64] = signed.getV()[0];
        byte[] unrecoverable = filled(65, 0x11); // r = 0x1111…: no curve point has that x
        unrecoverable[64] = 27;

        assertThat(AccountSignature.fromBytes(bytes).ecdsaSigner(digest))
                .contains(EthAddress.parse("0x" + Keys.getAddress(key)));
        assertThat(AccountSignature.fromBytes(unrecoverable).ecdsaSigner(digest)).isEmpty();
        assertThat(AccountSignature.fromBytes(new byte[] {1}).ecdsaSigner(digest)).isEmpty();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
