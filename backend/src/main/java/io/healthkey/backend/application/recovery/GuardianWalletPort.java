package io.healthkey.backend.application.recovery;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.EthSignature;
import reactor.core.publisher.Mono;

/**
 * Whether a contract-wallet guardian (ERC-1271) accepts a signature over a share transfer's digest: asked only when
 * the signature recovers to no account or to another one than the guardian. Wired to the account-signature verifier
 * ({@code application/account/AccountSignaturePort}); a transfer's signature is still 65 bytes, so a guardian wallet
 * whose signatures are longer (a passkey account) cannot transfer yet. Fails with {@code CHAIN-0001} when the chain
 * cannot be asked.
 */
@FunctionalInterface
public interface GuardianWalletPort {

    Mono<Boolean> accepts(EthAddress guardian, Bytes32 digest, EthSignature signature);
}
