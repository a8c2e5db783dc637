package io.healthkey.backend.application.account;

import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.Erc6492Signature;

/**
 * The call through the deployment's {@code CounterfactualAccountRelay}: in one transaction, the factory call of
 * {@code wrapper} when {@code account} has no code (checked on chain when the transaction runs, so an account
 * deployed meanwhile by anyone is not deployed again), then {@code call}, whose revert comes back unchanged.
 */
public interface AccountRelayPort {

    /** @throws IllegalStateException if the deployment has no such relay */
    ChainCall deployAndCall(EthAddress account, Erc6492Signature wrapper, ChainCall call);
}
