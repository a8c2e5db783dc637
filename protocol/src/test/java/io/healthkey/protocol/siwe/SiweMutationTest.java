package io.healthkey.protocol.siwe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.InvalidSignatureException;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.SignerMismatchException;
import io.healthkey.protocol.eip712.EthSignature;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** Every change to a signed sign-in message, or to its signature, must be rejected. */
class SiweMutationTest {

    static final ECKeyPair KEY = ECKeyPair.create(Numeric.toBigInt(SiweVectors.KEYS.get(0)));
    static final EthAddress OTHER = EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    static final SiweMessage MESSAGE = SiweMessage.builder("localhost:8080", SiweMessageTest.ALICE,
                    "http://localhost:8080/login", 31337, "k7Qd2mPx9zLw", SiweTime.parse("2026-11-25T10:00:00.000Z"))
            .scheme("http").statement("Sign in to HealthKey.")
            .expirationTime(SiweTime.parse("2026-11-25T10:15:00.000Z"))
            .notBefore(SiweTime.parse("2026-11-25T09:59:00.000Z")).requestId("req-1")
            .resources(List.of("ipfs://bafy", "https://healthkey.example/terms")).build();
    static final EthSignature SIGNATURE = SiweSignatures.sign(MESSAGE, KEY);

    static boolean verifies(SiweMessage message, byte[] signature) {
        try {
            SiweSignatures.verify(message, EthSignature.fromBytes(signature));
            return true;
        } catch (SignerMismatchException | InvalidSignatureException rejected) {
            return false;
        }
    }

    @Test
    void verifiesTheUnchangedMessage() {
        assertThat(SiweSignatures.verify(MESSAGE, SIGNATURE)).isEqualTo(SiweMessageTest.ALICE);
        assertThat(SiweSignatures.verify(SiweMessage.parse(MESSAGE.format()), SIGNATURE)).isEqualTo(MESSAGE.address());
    }

    @Test
    void rejectsEveryFieldChanged() {
        List<UnaryOperator<SiweMessage.Builder>> changes = List.of(
                b -> b.scheme("https"), b -> b.scheme(null), b -> b.statement("Sign in to HealthKey!"),
                b -> b.statement(null), b -> b.expirationTime(SiweTime.parse("2026-11-25T10:15:01.000Z")),
                b -> b.expirationTime(null), b -> b.notBefore(SiweTime.parse("2026-11-25T09:59:00Z")),
                b -> b.notBefore(null), b -> b.requestId("req-2"), b -> b.requestId(null),
                b -> b.resources(List.of("ipfs://bafy")), b -> b.resources(null),
                b -> b.resources(List.of("https://healthkey.example/terms", "ipfs://bafy")));
        for (UnaryOperator<SiweMessage.Builder> change : changes) {
            SiweMessage changed = change.apply(MESSAGE.toBuilder()).build();
            assertThat(verifies(changed, SIGNATURE.toBytes())).as(changed.format()).isFalse();
        }
        List<SiweMessage> required = List.of(
                rebuild("localhost:8081", MESSAGE.address(), MESSAGE.uri(), MESSAGE.chainId(), MESSAGE.nonce(), MESSAGE.issuedAt()),
                rebuild(MESSAGE.domain(), OTHER, MESSAGE.uri(), MESSAGE.chainId(), MESSAGE.nonce(), MESSAGE.issuedAt()),
                rebuild(MESSAGE.domain(), MESSAGE.address(), "http://localhost:8080/", MESSAGE.chainId(), MESSAGE.nonce(), MESSAGE.issuedAt()),
                rebuild(MESSAGE.domain(), MESSAGE.address(), MESSAGE.uri(), 1, MESSAGE.nonce(), MESSAGE.issuedAt()),
                rebuild(MESSAGE.domain(), MESSAGE.address(), MESSAGE.uri(), MESSAGE.chainId(), "k7Qd2mPx9zLW", MESSAGE.issuedAt()),
                rebuild(MESSAGE.domain(), MESSAGE.address(), MESSAGE.uri(), MESSAGE.chainId(), MESSAGE.nonce(),
                        SiweTime.parse("2026-11-25T10:00:00Z")));
        for (SiweMessage changed : required) {
            assertThat(verifies(changed, SIGNATURE.toBytes())).as(changed.format()).isFalse();
        }
    }

    private static SiweMessage rebuild(String domain, EthAddress address, String uri, long chainId, String nonce,
            SiweTime issuedAt) {
        return SiweMessage.builder(domain, address, uri, chainId, nonce, issuedAt).scheme(MESSAGE.scheme())
                .statement(MESSAGE.statement()).expirationTime(MESSAGE.expirationTime()).notBefore(MESSAGE.notBefore())
                .requestId(MESSAGE.requestId()).resources(MESSAGE.resources()).build();
    }

    @Test
    void rejectsEveryCharacterOfTheTextChanged() {
        String text = MESSAGE.format();
        for (int index = 0; index < text.length(); index++) {
            for (char replacement : new char[] {'x', '0', ' ', '\n'}) {
                if (text.charAt(index) == replacement) {
                    continue;
                }
                String mutated = text.substring(0, index) + replacement + text.substring(index + 1);
                SiweMessage parsed;
                try {
                    parsed = SiweMessage.parse(mutated);
                } catch (ProtocolException rejected) {
                    continue;
                }
                assertThat(verifies(parsed, SIGNATURE.toBytes())).as("%s at %d", replacement, index).isFalse();
            }
        }
    }

    @Test
    void rejectsTheSignatureWithAnyByteFlipped() {
        for (int index = 0; index < 65; index++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] mutated = SIGNATURE.toBytes();
                mutated[index] ^= (byte) mask;
                assertThat(verifies(MESSAGE, mutated)).as("byte %d ^ %02x", index, mask).isFalse();
            }
        }
    }

    @Test
    void rejectsTruncatedExtendedAndHighSSignatures() {
        byte[] bytes = SIGNATURE.toBytes();
        assertThat(verifies(MESSAGE, Arrays.copyOf(bytes, 64))).isFalse();
        assertThat(verifies(MESSAGE, Arrays.copyOf(bytes, 66))).isFalse();
        BigInteger n = Sign.CURVE_PARAMS.getN();
        byte[] highS = bytes.clone();
        byte[] s = Numeric.toBytesPadded(n.subtract(SIGNATURE.s()), 32);
        System.arraycopy(s, 0, highS, 32, 32);
        highS[64] = (byte) (SIGNATURE.v() == 27 ? 28 : 27);
        assertThat(verifies(MESSAGE, highS)).as("the malleable twin").isFalse();
    }

    @Test
    void refusesToSignForAnotherAddress() {
        SiweMessage forOther = rebuild(MESSAGE.domain(), OTHER, MESSAGE.uri(), MESSAGE.chainId(), MESSAGE.nonce(),
                MESSAGE.issuedAt());
        assertThatThrownBy(() -> SiweSignatures.sign(forOther, KEY))
                .isInstanceOf(SignerMismatchException.class);
    }
}
