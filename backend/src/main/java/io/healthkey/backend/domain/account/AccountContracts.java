package io.healthkey.backend.domain.account;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.healthkey.protocol.EthAddress;

/**
 * The smart-account contracts of a deployment: the factories whose accounts the relayer deploys the first time it
 * relays for them (ERC-6492), and the {@code CounterfactualAccountRelay} that deploys and relays in one
 * transaction. A deployment from before smart accounts has neither: counterfactual relays are then refused.
 *
 * @param factories the allow-list: a wrapper naming any other factory is refused, so the relayer pays for no one
 *        else's deployments
 */
public record AccountContracts(Set<EthAddress> factories, Optional<EthAddress> relay) {

    public static final AccountContracts NONE = new AccountContracts(Set.of(), Optional.empty());

    public AccountContracts {
        factories = Set.copyOf(factories);
        Objects.requireNonNull(relay, "relay");
    }

    /** Whether the relayer deploys accounts through {@code factory}. */
    public boolean deploysThrough(EthAddress factory) {
        return relay.isPresent() && factories.contains(factory);
    }
}
