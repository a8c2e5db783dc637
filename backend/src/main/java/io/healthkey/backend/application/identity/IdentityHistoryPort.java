package io.healthkey.backend.application.identity;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/** The recovery steps the event index stores, by account. Reactive; failures are errors of the returned publisher. */
public interface IdentityHistoryPort {

    /** The newest {@code limit} recovery steps of {@code account}, newest first (block, then log index). */
    Flux<ChainEvent.AccountRecovery> stepsOf(EthAddress account, int limit);

    /** The accounts whose signer a stored {@code RecoveryExecuted} mined at or after {@code blockTime} changed. */
    Flux<EthAddress> rotatedSince(long blockTime);
}
