package io.healthkey.backend.application.auth;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.EthSignature;
import reactor.core.publisher.Mono;

/** Contract wallets (ERC-1271): accounts whose signatures their own code checks, e.g. a Safe or a smart account. */
public interface ContractWalletPort {

    /**
     * Whether {@code account} is a contract whose {@code isValidSignature(digest, signature)} answers the ERC-1271
     * magic value at the latest block. False for an account without code, a revert, or any other answer; fails with
     * {@code CHAIN-0001} when the chain cannot be asked.
     */
    Mono<Boolean> isValidSignature(EthAddress account, Bytes32 digest, EthSignature signature);
}
