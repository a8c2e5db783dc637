package io.healthkey.backend.application.consent;

import io.healthkey.backend.domain.chain.RelayedTransaction;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Durable list of what the relayer sent for whom. */
public interface RelayJournalPort {

    Mono<Void> append(RelayedTransaction transaction);

    /** The account's relayed transactions, newest first. */
    Flux<RelayedTransaction> forAccount(EthAddress account);
}
