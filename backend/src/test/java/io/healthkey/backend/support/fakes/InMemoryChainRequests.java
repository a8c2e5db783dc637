package io.healthkey.backend.support.fakes;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox's {@code chain_request} table in memory; {@link #failWrites} makes writes fail as a lost database
 * would.
 */
public final class InMemoryChainRequests implements ChainRequestPort, InMemoryTransactions.Participant {

    private final Map<String, ChainRequest> byId = new LinkedHashMap<>();
    /** When present, every write fails with it and stores nothing. */
    public Optional<RuntimeException> failWrites = Optional.empty();

    /** Every stored request, in the order they were first stored. */
    public List<ChainRequest> all() {
        return List.copyOf(byId.values());
    }

    @Override
    public Mono<Void> save(ChainRequest request) {
        return write(() -> byId.put(request.id(), request));
    }

    @Override
    public Mono<Void> insert(ChainRequest request) {
        return write(() -> {
            if (byId.putIfAbsent(request.id(), request) != null) {
                throw new IllegalStateException("chain request " + request.id() + " is already stored");
            }
        });
    }

    @Override
    public Mono<ChainRequest> find(String id) {
        return Mono.fromSupplier(() -> byId.get(id));
    }

    @Override
    public Flux<ChainRequest> waiting(int limit) {
        return stored().filter(request -> request.status() == ChainRequestStatus.ACCEPTED && request.call().isPresent())
                .sort(Comparator.comparing(ChainRequest::acceptedAt)).take(limit);
    }

    @Override
    public Flux<ChainRequest> carriedBy(String outboxTransactionId) {
        return stored().filter(request -> request.outboxTransaction().equals(Optional.of(outboxTransactionId)));
    }

    @Override
    public Flux<ChainRequest> carriedByAny(Collection<String> outboxTransactionIds) {
        return stored().filter(request -> request.outboxTransaction().filter(outboxTransactionIds::contains)
                .isPresent());
    }

    @Override
    public Flux<ChainRequest> unsettled(EthAddress account) {
        return stored().filter(request -> request.account().equals(account) && !request.status().isFinal())
                .sort(Comparator.comparing(ChainRequest::acceptedAt));
    }

    @Override
    public Flux<EthAddress> sendingAccounts() {
        return stored().filter(request -> request.status() == ChainRequestStatus.SENT
                        && request.kind() != RelayKind.ANCHOR)
                .map(ChainRequest::account).distinct();
    }

    @Override
    public Mono<Map<ChainRequestStatus, Long>> countByStatus() {
        return Mono.fromSupplier(() -> {
            Map<ChainRequestStatus, Long> counts = new EnumMap<>(ChainRequestStatus.class);
            for (ChainRequestStatus status : ChainRequestStatus.values()) {
                counts.put(status, byId.values().stream().filter(request -> request.status() == status).count());
            }
            return counts;
        });
    }

    @Override
    public Runnable snapshot() {
        Map<String, ChainRequest> saved = new LinkedHashMap<>(byId);
        return () -> {
            byId.clear();
            byId.putAll(saved);
        };
    }

    private Flux<ChainRequest> stored() {
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(byId.values())));
    }

    private Mono<Void> write(Runnable change) {
        return Mono.defer(() -> failWrites.<Mono<Void>>map(Mono::error).orElseGet(() -> Mono.fromRunnable(change)));
    }
}
