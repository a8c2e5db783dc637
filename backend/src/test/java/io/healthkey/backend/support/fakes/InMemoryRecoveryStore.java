package io.healthkey.backend.support.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.healthkey.backend.application.recovery.RecoveryStorePort;
import io.healthkey.backend.domain.recovery.RecoveryEvent;
import io.healthkey.backend.domain.recovery.RecoveryRequest;
import io.healthkey.backend.domain.recovery.ShareTransfer;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link RecoveryStorePort} in memory, with the adapter's rule of one transfer per guardian and request. */
public final class InMemoryRecoveryStore implements RecoveryStorePort {

    public final Map<String, RecoveryRequest> requests = new ConcurrentHashMap<>();
    public final List<ShareTransfer> transfers = new ArrayList<>();
    /** Oldest first. */
    public final List<RecoveryEvent> events = new ArrayList<>();

    @Override
    public synchronized Mono<Void> create(RecoveryRequest request, RecoveryEvent requested) {
        requests.put(request.id(), request);
        events.add(requested);
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Long> countSince(EthAddress patient, Instant since) {
        return Mono.just(requests.values().stream()
                .filter(request -> request.patient().equals(patient) && !request.createdAt().isBefore(since))
                .count());
    }

    @Override
    public Mono<RecoveryRequest> find(String id) {
        return Mono.justOrEmpty(requests.get(id));
    }

    @Override
    public synchronized Flux<RecoveryRequest> openFor(EthAddress guardian, Instant now) {
        return Flux.fromStream(requests.values().stream()
                .filter(request -> request.namesGuardian(guardian) && request.isOpenAt(now))
                .sorted(Comparator.comparing(RecoveryRequest::createdAt).reversed())
                .toList().stream());
    }

    @Override
    public synchronized Mono<Boolean> addTransfer(ShareTransfer transfer, RecoveryEvent transferred) {
        boolean exists = transfers.stream().anyMatch(stored -> stored.requestId().equals(transfer.requestId())
                && stored.message().guardian().equals(transfer.message().guardian()));
        if (exists) {
            return Mono.just(false);
        }
        transfers.add(transfer);
        events.add(transferred);
        return Mono.just(true);
    }

    @Override
    public synchronized Flux<ShareTransfer> transfers(String requestId) {
        return Flux.fromIterable(transfers.stream().filter(t -> t.requestId().equals(requestId)).toList());
    }

    @Override
    public synchronized Mono<Void> log(RecoveryEvent event) {
        events.add(event);
        return Mono.empty();
    }

    @Override
    public synchronized Flux<RecoveryEvent> log(EthAddress patient, int limit) {
        List<RecoveryEvent> newestFirst = new ArrayList<>(events.stream()
                .filter(event -> event.patient().equals(patient)).toList());
        java.util.Collections.reverse(newestFirst);
        return Flux.fromIterable(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    }
}
