package io.healthkey.backend.support.fakes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.healthkey.backend.application.consent.RelayJournalPort;
import io.healthkey.backend.domain.chain.RelayedTransaction;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The relay journal in memory, in the order entries were appended. */
public final class InMemoryRelayJournal implements RelayJournalPort {

    public final List<RelayedTransaction> entries = new ArrayList<>();

    @Override
    public Mono<Void> append(RelayedTransaction transaction) {
        return Mono.fromRunnable(() -> entries.add(transaction));
    }

    @Override
    public Flux<RelayedTransaction> forAccount(EthAddress account) {
        return Flux.defer(() -> {
            List<RelayedTransaction> newestFirst = new ArrayList<>(entries);
            Collections.reverse(newestFirst);
            return Flux.fromIterable(newestFirst).filter(entry -> entry.account().equals(account));
        });
    }
}
