package io.healthkey.backend.support.fakes;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The outbox's request table in a map, oldest first, with the adapter's rule that an id is inserted once. */
public final class InMemoryChainRequests implements ChainRequestPort, Snapshots {

    public final Outage outage = new Outage();
    /** Fails the writes only, while reads still answer: a database that refuses a commit. */
    public final Outage writes = new Outage();
    private Map<String, ChainRequest> requests = new LinkedHashMap<>();

    public Optional<ChainRequest> request(String id) {
        return Optional.ofNullable(requests.get(id));
    }

    public List<ChainRequest> all() {
        return List.copyOf(requests.values());
    }

    @Override
    public Mono<Void> save(ChainRequest request) {
        return write(() -> Mono.fromRunnable(() -> requests.put(request.id(), request)));
    }

    @Override
    public Mono<Void> insert(ChainRequest request) {
        return write(() -> requests.containsKey(request.id())
                ? Mono.error(new IllegalStateException("duplicate key: chain request " + request.id()))
                : Mono.fromRunnable(() -> requests.put(request.id(), request)));
    }

    @Override
    public Mono<ChainRequest> find(String id) {
        return outage.guard(() -> Mono.justOrEmpty(requests.get(id)));
    }

    @Override
    public Flux<ChainRequest> waiting(int limit) {
        return where(request -> request.status() == ChainRequestStatus.ACCEPTED && request.call().isPresent())
                .take(limit);
    }

    @Override
    public Flux<ChainRequest> carriedBy(String outboxTransactionId) {
        return where(request -> request.outboxTransaction().equals(Optional.of(outboxTransactionId)));
    }

    @Override
    public Flux<ChainRequest> carriedByAny(Collection<String> outboxTransactionIds) {
        return where(request -> request.outboxTransaction().filter(outboxTransactionIds::contains).isPresent());
    }

    @Override
    public Flux<ChainRequest> unsettled(EthAddress account) {
        return where(request -> request.account().equals(account) && !request.status().isFinal());
    }

    @Override
    public Flux<EthAddress> sendingAccounts() {
        return where(request -> request.status() == ChainRequestStatus.SENT && request.kind() != RelayKind.ANCHOR)
                .map(ChainRequest::account).distinct();
    }

    @Override
    public Mono<Map<ChainRequestStatus, Long>> countByStatus() {
        return outage.guard(() -> {
            Map<ChainRequestStatus, Long> counts = new TreeMap<>();
            EnumSet.allOf(ChainRequestStatus.class).forEach(status -> counts.put(status, 0L));
            requests.values().forEach(request -> counts.merge(request.status(), 1L, Long::sum));
            return Mono.just(counts);
        });
    }

    private Flux<ChainRequest> where(Predicate<ChainRequest> filter) {
        return outage.guardMany(() -> Flux.fromIterable(requests.values().stream().filter(filter)
                .sorted(Comparator.comparing(ChainRequest::acceptedAt)).toList()));
    }

    private <T> Mono<T> write(Supplier<Mono<T>> call) {
        return outage.guard(() -> writes.guard(call));
    }

    @Override
    public Runnable snapshot() {
        Map<String, ChainRequest> then = new LinkedHashMap<>(requests);
        return () -> requests = then;
    }
}
