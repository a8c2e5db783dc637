package io.healthkey.backend.application.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.EthSignature;

/** The contracts' ERC-1271 rule: code at the account, and the whole first return word equal to the magic value. */
class Erc1271VerifierTest {

    static final EthAddress ACCOUNT = EthAddress.parse("0x" + "77".repeat(20));
    static final Bytes32 DIGEST = Bytes32.fromBytes(filled(32, (byte) 0xd1));
    static final EthSignature JUNK = EthSignature.fromBytes(junkSignature());
    static final byte[] MAGIC_WORD = InMemoryContractWallets.word(InMemoryContractWallets.SELECTOR);

    final InMemoryContractWallets chain = new InMemoryContractWallets();
    final Erc1271Verifier verifier = new Erc1271Verifier(chain);

    @Test
    void acceptsAContractWhoseAnswerIsExactlyTheMagicWord() {
        chain.answering(ACCOUNT, true, call -> MAGIC_WORD);

        assertThat(accepts()).isTrue();
    }

    @Test
    void refusesAnAnswerThatEchoesTheCallDataThoughItStartsWithTheMagicValue() {
        chain.answering(ACCOUNT, true, UnaryOperator.identity());
        assertThat(InMemoryContractWallets.callData(DIGEST, JUNK)).startsWith(InMemoryContractWallets.SELECTOR);

        assertThat(accepts()).isFalse();
    }

    @Test
    void refusesTheIdentityPrecompileWhichHasNoCode() {
        EthAddress identity = EthAddress.parse("0x0000000000000000000000000000000000000004");
        chain.answering(identity, false, UnaryOperator.identity());

        assertThat(verifier.accepts(identity, DIGEST, JUNK).block()).isFalse();
    }

    @Test
    void refusesTheMagicWordFromAnAccountWithoutCode() {
        chain.answering(ACCOUNT, false, call -> MAGIC_WORD);

        assertThat(accepts()).isFalse();
    }

    @Test
    void refusesAnAnswerShorterThanAWord() {
        chain.answering(ACCOUNT, true, call -> InMemoryContractWallets.SELECTOR.clone());
        assertThat(accepts()).isFalse();

        chain.answering(ACCOUNT, true, call -> Arrays.copyOf(MAGIC_WORD, 31));
        assertThat(accepts()).isFalse();
    }

    @Test
    void refusesTheMagicValueFollowedByAnythingButZerosInItsWord() {
        for (int i = 4; i < 32; i++) {
            byte[] answer = MAGIC_WORD.clone();
            answer[i] = 1;
            chain.answering(ACCOUNT, true, call -> answer);

            assertThat(accepts()).as("non-zero byte %d", i).isFalse();
        }
    }

    @Test
    void refusesAnyOtherFirstWordAndARevert() {
        chain.answering(ACCOUNT, true, call -> InMemoryContractWallets.word(new byte[] {-1, -1, -1, -1}));
        assertThat(accepts()).isFalse();

        chain.answering(ACCOUNT, true, call -> null);
        assertThat(accepts()).isFalse();

        chain.answering(ACCOUNT, true, call -> new byte[0]);
        assertThat(accepts()).isFalse();
    }

    @Test
    void ignoresBytesAfterTheFirstWordAsTheContractDoes() {
        byte[] longer = Arrays.copyOf(MAGIC_WORD, 64);
        Arrays.fill(longer, 32, 64, (byte) 0x55);
        chain.answering(ACCOUNT, true, call -> longer);

        assertThat(accepts()).isTrue();
    }

    @Test
    void aChainThatCannotAnswerIsAnOutageNotARefusal() {
        chain.answering(ACCOUNT, true, call -> MAGIC_WORD);
        chain.chainDown = true;

        assertThatThrownBy(this::accepts).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CHAIN_UNAVAILABLE));
    }

    private Boolean accepts() {
        return verifier.accepts(ACCOUNT, DIGEST, JUNK).block();
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    /** 65 bytes that parse as a signature (r and s in range, low s, v 27) and recover to nobody in particular. */
    private static byte[] junkSignature() {
        byte[] bytes = filled(65, (byte) 0x11);
        bytes[64] = 27;
        return bytes;
    }
}
