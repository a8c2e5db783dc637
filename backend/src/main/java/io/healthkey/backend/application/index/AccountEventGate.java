package io.healthkey.backend.application.index;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * Lets into the index only the recovery steps of passkey accounts: those an allow-listed factory created, as its own
 * {@code AccountCreated} logs prove (the node answers them by the factory's address, so no other contract can forge
 * one). The recovery events are read by topic from every contract on the chain: anyone can deploy a contract that
 * emits {@code RecoveryScheduled} or {@code RecoveryExecuted}, and without this gate its logs would fill the index, the
 * audit of its own address and the notifications.
 *
 * <p>An account is known from the append that holds its {@code AccountCreated} on, also for the later logs of that
 * same append. The set only grows, also across a reorganisation that drops an {@code AccountCreated}: its address is
 * the factory's CREATE2 address for one passkey and salt, so whatever code ever runs there is that factory's account.
 * Loaded from the store on the first append; a load that fails fails that append (the poll retries).
 */
public final class AccountEventGate {

    private final IndexedAccountsPort accounts;
    private final Set<EthAddress> known = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;

    public AccountEventGate(IndexedAccountsPort accounts) {
        this.accounts = accounts;
    }

    /** {@code store}, storing of each append the events this gate lets through. */
    public EventIndexStorePort guarding(EventIndexStorePort store) {
        return new ForwardingEventIndexStore(store) {
            @Override
            public Mono<Void> append(List<IndexedBlock> recentBlocks, List<ChainEvent> events, IndexedBlock cursor) {
                return load().then(Mono.defer(() -> {
                    Set<EthAddress> created = new HashSet<>();
                    List<ChainEvent> kept = keep(events, created);
                    return store.append(recentBlocks, kept, cursor).then(Mono.fromRunnable(() -> known.addAll(created)));
                }));
            }
        };
    }

    private List<ChainEvent> keep(List<ChainEvent> events, Set<EthAddress> created) {
        List<ChainEvent> kept = new ArrayList<>(events.size());
        for (ChainEvent event : events) {
            if (event instanceof ChainEvent.AccountCreated account) {
                created.add(account.account());
            } else if (event instanceof ChainEvent.AccountRecovery step
                    && !known.contains(step.account()) && !created.contains(step.account())) {
                continue;
            }
            kept.add(event);
        }
        return kept;
    }

    private Mono<Void> load() {
        if (loaded) {
            return Mono.empty();
        }
        return accounts.createdAccounts().doOnNext(known::add).then(Mono.fromRunnable(() -> loaded = true));
    }
}
