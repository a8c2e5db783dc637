package io.healthkey.backend.application.account;

import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The state of an account that decides whether it accepts a signature: its code and its storage, at the latest
 * block, as one opaque fingerprint. Every implementation guarantees that two fingerprints of an account are equal
 * only if neither its code nor any of its storage changed in between (a signer added, a threshold moved, a
 * recovery executed, a deployment); a node that does not answer is {@code CHAIN-0001}.
 */
public interface AccountStatePort {

    Mono<String> stateOf(EthAddress account);
}
