package io.healthkey.backend.application.auth;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.EthSignature;
import io.healthkey.protocol.eip712.SignatureVerifier;
import reactor.core.publisher.Mono;

/**
 * The chain as {@link ContractWalletPort} sees it, in memory: which accounts have code, and the raw bytes each
 * answers to the ABI-encoded {@code isValidSignature} call data (none: the call reverts).
 */
final class InMemoryContractWallets implements ContractWalletPort {

    static final byte[] SELECTOR = {0x16, 0x26, (byte) 0xba, 0x7e};

    private final Set<EthAddress> withCode = new HashSet<>();
    private final Map<EthAddress, UnaryOperator<byte[]>> answers = new HashMap<>();
    boolean chainDown;

    /** A wallet as {@code ERC1271WalletMock}: the magic word for its owner's signature, 0xffffffff otherwise. */
    void walletOf(EthAddress wallet, EthAddress owner) {
        answering(wallet, true, call -> {
            Bytes32 digest = Bytes32.fromBytes(Arrays.copyOfRange(call, 4, 36));
            byte[] signature = Arrays.copyOfRange(call, 4 + 3 * 32, 4 + 3 * 32 + 65);
            EthAddress signer = SignatureVerifier.recoverSigner(digest, EthSignature.fromBytes(signature));
            return word(owner.equals(signer) ? SELECTOR : new byte[] {-1, -1, -1, -1});
        });
    }

    /** An account with or without code that answers {@code answer(callData)} to the call. */
    void answering(EthAddress account, boolean hasCode, UnaryOperator<byte[]> answer) {
        if (hasCode) {
            withCode.add(account);
        }
        answers.put(account, answer);
    }

    @Override
    public Mono<Boolean> hasCode(EthAddress account) {
        return chainDown ? down() : Mono.just(withCode.contains(account));
    }

    @Override
    public Mono<byte[]> isValidSignatureAnswer(EthAddress account, Bytes32 digest, EthSignature signature) {
        if (chainDown) {
            return down();
        }
        UnaryOperator<byte[]> answer = answers.get(account);
        return answer == null ? Mono.empty() : Mono.justOrEmpty(answer.apply(callData(digest, signature)));
    }

    /** {@code bytes4} as the ABI returns it: left-aligned in a 32-byte word. */
    static byte[] word(byte[] bytes4) {
        return Arrays.copyOf(bytes4, 32);
    }

    /** {@code isValidSignature(bytes32,bytes)} ABI-encoded: selector, digest, offset, length, padded signature. */
    static byte[] callData(Bytes32 digest, EthSignature signature) {
        ByteArrayOutputStream call = new ByteArrayOutputStream();
        byte[] sig = signature.toBytes();
        call.writeBytes(SELECTOR);
        call.writeBytes(digest.toBytes());
        call.writeBytes(Bytes32.fromUint256(java.math.BigInteger.valueOf(64)).toBytes());
        call.writeBytes(Bytes32.fromUint256(java.math.BigInteger.valueOf(sig.length)).toBytes());
        call.writeBytes(Arrays.copyOf(sig, (sig.length + 31) / 32 * 32));
        return call.toByteArray();
    }

    private static <T> Mono<T> down() {
        return Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "chain node did not answer"));
    }
}
