package io.healthkey.backend.application.network;

import io.healthkey.backend.domain.network.NetworkDescription;

/** Describes the chain and contracts this backend serves. */
public interface DescribeNetworkUseCase {

    NetworkDescription describe();
}
