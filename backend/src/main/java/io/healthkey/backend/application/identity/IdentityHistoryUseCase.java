package io.healthkey.backend.application.identity;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/**
 * A passkey patient's identity history: every step of the guardian recoveries of its account's signer, as the
 * account's own contract logged them and the event index holds them. {@code REQUEST-0007} for anyone but the patient.
 */
public interface IdentityHistoryUseCase {

    /** The newest steps listed. */
    int LIMIT = 500;

    /** The patient's steps, newest first, at most {@link #LIMIT}; none for an account that is no passkey account. */
    Flux<ChainEvent.AccountRecovery> history(EthAddress viewer, EthAddress patient);
}
