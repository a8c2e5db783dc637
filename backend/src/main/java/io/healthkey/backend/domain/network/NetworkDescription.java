package io.healthkey.backend.domain.network;

import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.protocol.EthAddress;

/**
 * What a dApp needs to configure itself: the deployment, the relayer that pays for its patients, and the
 * smart-account contracts it deploys patients' accounts with.
 */
public record NetworkDescription(Deployment deployment, EthAddress relayer, AccountContracts accounts) {
}
