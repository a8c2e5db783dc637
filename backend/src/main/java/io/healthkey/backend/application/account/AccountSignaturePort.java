package io.healthkey.backend.application.account;

import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import reactor.core.publisher.Mono;

/**
 * Did {@code account} sign {@code digest}? The one question behind every message a patient (or a guardian) signs,
 * for any kind of account.
 *
 * <p>Every implementation guarantees:
 * <ul>
 *   <li>the answer is the registries' own rule ({@code contracts/utils/SignatureVerifier.sol}) at the latest
 *       block: a 65-byte low-s ECDSA signature that recovers to {@code account}, else an account with code whose
 *       {@code isValidSignature} (ERC-1271) answers its magic value, as OpenZeppelin's {@code SignatureChecker}
 *       reads it; an account without code, a precompile and a reverting wallet never pass;</li>
 *   <li>an ERC-6492 signature for an account without code: its factory call is simulated (never sent), the
 *       account must have code afterwards, and the inner signature is judged on that state; once the account
 *       exists, the inner signature is judged as it is. So {@code true} means that the registries accept the inner
 *       signature once the factory call has run; a factory call that reverts or deploys nothing at
 *       {@code account} is {@code false};</li>
 *   <li>the chain's own verdict, in one call: no answer (the node is down) fails with {@code CHAIN-0001} and is
 *       never taken for a refusal.</li>
 * </ul>
 * It says nothing of what the signature authorises: a wallet that accepts every signature has signed everything
 * for itself, and nothing for anyone else.
 */
public interface AccountSignaturePort {

    Mono<Boolean> isSignedBy(EthAddress account, Bytes32 digest, AccountSignature signature);
}
