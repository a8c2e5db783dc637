package io.healthkey.backend.application.auth;

import java.util.Arrays;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.EthSignature;
import reactor.core.publisher.Mono;

/**
 * Whether a contract wallet accepts a signature (ERC-1271), by the rule the contracts use
 * ({@code contracts/utils/SignatureVerifier.sol}, OpenZeppelin's {@code SignatureChecker}), so that sign-in and the
 * chain never disagree on who signed:
 * <ul>
 *   <li>the account has code: an externally owned account or a precompile has none, so the identity precompile
 *       {@code 0x…04}, which echoes its input (and so an answer that starts with the magic value), never passes;</li>
 *   <li>the call returns at least one 32-byte word, and that whole word is the magic value {@code 0x1626ba7e}
 *       followed by 28 zero bytes; a shorter answer, or the magic value followed by anything but zeros in its word,
 *       is no acceptance. Bytes after the first word are ignored, as the contract ignores them.</li>
 * </ul>
 */
public final class Erc1271Verifier {

    /** {@code bytes4(keccak256("isValidSignature(bytes32,bytes)"))}, ABI-encoded as a {@code bytes4} return value. */
    static final byte[] MAGIC_WORD = Arrays.copyOf(new byte[] {0x16, 0x26, (byte) 0xba, 0x7e}, 32);

    private final ContractWalletPort chain;

    public Erc1271Verifier(ContractWalletPort chain) {
        this.chain = chain;
    }

    /** Whether {@code account} is a contract wallet that accepts {@code signature} over {@code digest}. */
    public Mono<Boolean> accepts(EthAddress account, Bytes32 digest, EthSignature signature) {
        return chain.hasCode(account).flatMap(hasCode -> !hasCode ? Mono.just(false)
                : chain.isValidSignatureAnswer(account, digest, signature)
                        .map(Erc1271Verifier::isMagicWord)
                        .defaultIfEmpty(false));
    }

    static boolean isMagicWord(byte[] answer) {
        return answer.length >= MAGIC_WORD.length
                && Arrays.equals(answer, 0, MAGIC_WORD.length, MAGIC_WORD, 0, MAGIC_WORD.length);
    }
}
