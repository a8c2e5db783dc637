package io.healthkey.backend.application.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.OutboxTransaction;
import io.healthkey.backend.domain.chain.OutboxTransactionStatus;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The outbox's database ports in memory, for one relayer: requests, transactions, the next nonce and the lease.
 * Every answer is emitted on {@code answersOn}, as a database driver answers on threads of its own. A database
 * transaction commits what its work stored (nothing here is rolled back). {@link #events} lists the writes that
 * order matters for, with the chain's calls when they share the list.
 */
final class InMemoryOutbox implements OutboxTransactionPort, RelayerLeasePort, TransactionPort {

    private static final Set<ChainRequestStatus> UNSETTLED = EnumSet.of(ChainRequestStatus.ACCEPTED,
            ChainRequestStatus.SENT, ChainRequestStatus.MINED);

    final List<String> events;
    final Map<String, ChainRequest> requests = new LinkedHashMap<>();
    final Map<String, OutboxTransaction> transactions = new LinkedHashMap<>();
    Long nextNonce;
    /** Whether {@link #acquire} finds the lease free (or held by the sender). */
    boolean leaseFree = true;
    /** Whether {@link #recordSigned} finds that another replica took the lease since it was renewed. */
    boolean leaseLostBeforeRecording;
    private final Scheduler answersOn;

    InMemoryOutbox(List<String> events, Scheduler answersOn) {
        this.events = events;
        this.answersOn = answersOn;
    }

    private <T> Mono<T> answer(Callable<T> read) {
        return Mono.fromCallable(read).publishOn(answersOn);
    }

    private <T> Flux<T> answerAll(Callable<List<T>> read) {
        return answer(read).flatMapIterable(Function.identity());
    }

    private Mono<Void> write(Runnable write) {
        return Mono.<Void>fromRunnable(write).publishOn(answersOn);
    }

    @Override
    public <T> Mono<T> inTransaction(Mono<T> work) {
        return work;
    }

    @Override
    public Mono<Boolean> acquire(EthAddress relayer, String owner, Instant now, Duration ttl) {
        return answer(() -> leaseFree);
    }

    @Override
    public Mono<Void> release(EthAddress relayer, String owner) {
        return write(() -> events.add("release lease"));
    }

    @Override
    public Mono<Long> nextNonce(EthAddress relayer) {
        return answer(() -> nextNonce);
    }

    @Override
    public Mono<Void> setNextNonce(EthAddress relayer, long next) {
        return write(() -> nextNonce = next);
    }

    @Override
    public Mono<Boolean> recordSigned(List<OutboxTransaction> signed, List<ChainRequest> carried, String owner,
            Instant now) {
        return answer(() -> {
            if (leaseLostBeforeRecording || signed.get(0).nonce() != nextNonce) {
                return false;
            }
            signed.forEach(transaction -> transactions.put(transaction.id(), transaction));
            carried.forEach(request -> requests.put(request.id(), request));
            nextNonce = signed.get(signed.size() - 1).nonce() + 1;
            events.add("record nonces " + signed.stream().map(t -> String.valueOf(t.nonce()))
                    .collect(Collectors.joining(",")));
            return true;
        });
    }

    @Override
    public Mono<Void> appendAttempt(OutboxTransaction transaction) {
        return update(transaction);
    }

    @Override
    public Mono<Void> update(OutboxTransaction transaction) {
        return write(() -> transactions.put(transaction.id(), transaction));
    }

    @Override
    public Flux<OutboxTransaction> open(EthAddress relayer) {
        return answerAll(() -> transactions.values().stream()
                .filter(transaction -> transaction.status() == OutboxTransactionStatus.PENDING
                        || transaction.status() == OutboxTransactionStatus.MINED)
                .sorted(Comparator.comparingLong(OutboxTransaction::nonce)).toList());
    }

    @Override
    public Mono<OutboxTransaction> find(String id) {
        return answer(() -> transactions.get(id));
    }

    /** The requests, as the sender reads and writes them. */
    final ChainRequestPort requestPort = new Requests();

    private final class Requests implements ChainRequestPort {

        @Override
        public Mono<Void> save(ChainRequest request) {
            return write(() -> requests.put(request.id(), request));
        }

        @Override
        public Mono<Void> insert(ChainRequest request) {
            return save(request);
        }

        @Override
        public Mono<ChainRequest> find(String id) {
            return answer(() -> requests.get(id));
        }

        @Override
        public Flux<ChainRequest> waiting(int limit) {
            return answerAll(() -> requests.values().stream()
                    .filter(request -> request.status() == ChainRequestStatus.ACCEPTED && request.call().isPresent())
                    .sorted(Comparator.comparing(ChainRequest::acceptedAt)).limit(limit).toList());
        }

        @Override
        public Flux<ChainRequest> carriedBy(String outboxTransactionId) {
            return carriedByAny(List.of(outboxTransactionId));
        }

        @Override
        public Flux<ChainRequest> carriedByAny(Collection<String> outboxTransactionIds) {
            return answerAll(() -> requests.values().stream()
                    .filter(request -> request.outboxTransaction().map(outboxTransactionIds::contains).orElse(false))
                    .toList());
        }

        @Override
        public Flux<ChainRequest> unsettled(EthAddress account) {
            return answerAll(() -> requests.values().stream().filter(request -> request.account().equals(account))
                    .filter(request -> UNSETTLED.contains(request.status())).toList());
        }

        @Override
        public Flux<EthAddress> sendingAccounts() {
            return answerAll(() -> requests.values().stream()
                    .filter(request -> request.status() == ChainRequestStatus.SENT)
                    .filter(request -> request.kind() != RelayKind.ANCHOR)
                    .map(ChainRequest::account).distinct().toList());
        }

        @Override
        public Mono<Map<ChainRequestStatus, Long>> countByStatus() {
            return answer(() -> requests.values().stream().collect(Collectors.groupingBy(ChainRequest::status,
                    () -> new EnumMap<>(ChainRequestStatus.class), Collectors.counting())));
        }
    }

    /** The stored requests with the nonce of the transaction carrying each, in the order they were accepted. */
    List<Optional<Long>> noncesOf(List<String> requestIds) {
        List<Optional<Long>> nonces = new ArrayList<>();
        for (String id : requestIds) {
            nonces.add(requests.get(id).outboxTransaction().map(transactions::get).map(OutboxTransaction::nonce));
        }
        return nonces;
    }
}
