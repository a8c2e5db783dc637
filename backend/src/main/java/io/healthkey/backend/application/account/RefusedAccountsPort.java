package io.healthkey.backend.application.account;

import java.util.Optional;

import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * The accounts refused further relays, each with the state it had when a relay it signed reverted on chain
 * ({@link AccountStatePort}). Shared by every replica of the service: it is in the database.
 */
public interface RefusedAccountsPort {

    /** Refuses {@code account} in {@code state} (again, if it was already refused). */
    Mono<Void> refuse(EthAddress account, String state, ErrorCode failure);

    /** The state {@code account} was refused in, if it is refused. */
    Mono<Optional<String>> refusedState(EthAddress account);

    /** Relays for {@code account} are welcome again. */
    Mono<Void> release(EthAddress account);
}
