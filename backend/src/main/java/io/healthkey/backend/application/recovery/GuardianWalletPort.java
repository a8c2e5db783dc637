package io.healthkey.backend.application.recovery;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import reactor.core.publisher.Mono;

/**
 * Whether a contract-wallet guardian (ERC-1271) accepts a signature over a share transfer's digest: asked only when
 * the signature is not a key's signature that recovers to the guardian. Wired to the account-signature verifier
 * ({@code application/account/AccountSignaturePort}): any account kind, any signature length it accepts. Fails with
 * {@code CHAIN-0001} when the chain cannot be asked.
 */
@FunctionalInterface
public interface GuardianWalletPort {

    Mono<Boolean> accepts(EthAddress guardian, Bytes32 digest, AccountSignature signature);
}
