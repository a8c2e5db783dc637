package io.healthkey.backend.application.index;

import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;

/** The passkey accounts the index knows: those whose {@code AccountCreated}, by an allow-listed factory, it stores. */
public interface IndexedAccountsPort {

    /** Every account of a stored {@code AccountCreated}, in no particular order. */
    Flux<EthAddress> createdAccounts();
}
