package io.healthkey.backend.domain.network;

import io.healthkey.protocol.EthAddress;

/** What a dApp needs to configure itself: the deployment and the relayer that pays for its patients. */
public record NetworkDescription(Deployment deployment, EthAddress relayer) {
}
