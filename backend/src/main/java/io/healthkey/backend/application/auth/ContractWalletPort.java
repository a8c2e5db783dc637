package io.healthkey.backend.application.auth;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.EthSignature;
import reactor.core.publisher.Mono;

/**
 * What the chain says about a would-be contract wallet (ERC-1271), read at the latest block. It reports facts only;
 * {@link Erc1271Verifier} decides whether they make a valid signature. Both calls fail with {@code CHAIN-0001} when
 * the chain cannot be asked.
 */
public interface ContractWalletPort {

    /** Whether {@code account} has code. Externally owned accounts and precompiles (0x01..0x0a, ...) have none. */
    Mono<Boolean> hasCode(EthAddress account);

    /**
     * The raw return data of {@code isValidSignature(digest, signature)} called on {@code account}, byte for byte
     * and unchecked; empty when the call reverts.
     */
    Mono<byte[]> isValidSignatureAnswer(EthAddress account, Bytes32 digest, EthSignature signature);
}
