package io.healthkey.backend.application.receipts;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.application.outbox.RelayerAccountPort;
import io.healthkey.backend.application.outbox.TransactionPort;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.Simulation;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.receipt.BatchStatus;
import io.healthkey.backend.domain.receipt.BatchedReceipt;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.receipt.RootPublication;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.receipt.ReadReceipt;

/**
 * In-memory stand-ins for the database and the contract at the batcher's two boundaries, with the contract's
 * rules (sequential numbers, a root per batch) and switches for the failures a restart must survive.
 */
final class ReadReceiptFakes {

    static final EthAddress CONTRACT = EthAddress.parse("0x4444444444444444444444444444444444444444");

    private ReadReceiptFakes() {
    }

    static final class Store implements ReadReceiptStorePort {
        final Map<Long, LoggedRead> reads = new TreeMap<>();
        final Map<Long, ReceiptBatch> batches = new TreeMap<>();
        final Map<Long, BatchedReceipt> receipts = new TreeMap<>();
        final Map<Long, List<Bytes32>> leaves = new TreeMap<>();

        void log(LoggedRead read) {
            reads.put(read.id(), read);
        }

        @Override
        public Flux<LoggedRead> readsFrom(long firstId, int max) {
            return Flux.fromIterable(List.copyOf(reads.values())).filter(read -> read.id() >= firstId).take(max);
        }

        @Override
        public Mono<Long> lastBatchedReadId() {
            return Mono.just(batches.values().stream().mapToLong(ReceiptBatch::lastReadId).max().orElse(0));
        }

        @Override
        public Mono<ReceiptBatch> firstBatch() {
            return Mono.justOrEmpty(batches.values().stream().findFirst());
        }

        @Override
        public Mono<Long> lastBatchNumber() {
            return Mono.just(batches.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
        }

        @Override
        public Mono<Void> savePrepared(ReceiptBatch batch, List<ReadReceipt> sortedReceipts, Instant at) {
            return Mono.fromRunnable(() -> {
                batches.put(batch.number(), batch);
                leaves.put(batch.number(), sortedReceipts.stream().map(ReadReceipt::leafHash).toList());
                sortedReceipts.forEach(r -> receipts.put(r.readId(), new BatchedReceipt(r, batch.number())));
            });
        }

        @Override
        public Mono<ReceiptBatch> oldestUnpublished() {
            return Mono.justOrEmpty(batches.values().stream().filter(b -> !b.isPublished()).findFirst());
        }

        @Override
        public Mono<Void> markPublished(long batch, RootPublication publication, Instant at) {
            return Mono.fromRunnable(() -> batches.computeIfPresent(batch, (n, b) -> b.published(publication)));
        }

        @Override
        public Mono<Void> markSubmitted(long batch) {
            return Mono.fromRunnable(() -> batches.computeIfPresent(batch,
                    (n, b) -> b.isPublished() ? b : b.submitted()));
        }

        @Override
        public Mono<Void> markPrepared(long batch) {
            return Mono.fromRunnable(() -> batches.computeIfPresent(batch, (n, b) -> b.isPublished() ? b
                    : new ReceiptBatch(b.number(), b.root(), b.leafCount(), b.firstReadId(), b.lastReadId(),
                            BatchStatus.PREPARED, Optional.empty())));
        }

        @Override
        public Mono<ReceiptBatch> batch(long number) {
            return Mono.justOrEmpty(batches.get(number));
        }

        @Override
        public Flux<Bytes32> leavesOf(long batch) {
            return Flux.fromIterable(leaves.getOrDefault(batch, List.of()));
        }

        @Override
        public Mono<LoggedRead> read(long readId) {
            return Mono.justOrEmpty(reads.get(readId));
        }

        @Override
        public Mono<BatchedReceipt> receiptOf(long readId) {
            return Mono.justOrEmpty(receipts.get(readId));
        }
    }

    /**
     * The contract, as far as the batcher sees it: the roots it holds, in batch order, and the read id the next batch
     * must start at. {@link #publish} keeps the contract's rules: the next number, the range right after the last.
     */
    static final class Chain implements ReadReceiptRootsPort {
        final List<Bytes32> roots = new ArrayList<>();
        long nextReadId = 1;
        /** While set, the node answers no read. */
        boolean down;

        void publish(ReceiptBatch batch) {
            if (batch.number() != roots.size() + 1) {
                throw new DomainException(ErrorCode.RECEIPT_UNEXPECTED_BATCH, "not the next batch: " + batch.number());
            }
            if (batch.firstReadId() != nextReadId || batch.lastReadId() - batch.firstReadId() < batch.leafCount() - 1) {
                throw new DomainException(ErrorCode.RECEIPT_BROKEN_CHAIN, "expected read id " + nextReadId + ", got "
                        + batch.firstReadId() + " to " + batch.lastReadId());
            }
            roots.add(batch.root());
            nextReadId = batch.lastReadId() + 1;
        }

        @Override
        public Mono<Long> batchCount() {
            return Mono.fromSupplier(() -> (long) roots.size());
        }

        @Override
        public Mono<Long> nextReadId() {
            return down ? Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "the node does not answer"))
                    : Mono.fromSupplier(() -> nextReadId);
        }

        @Override
        public Mono<Bytes32> rootOf(long batch) {
            return batch >= 1 && batch <= roots.size() ? Mono.just(roots.get((int) batch - 1))
                    : Mono.error(new DomainException(ErrorCode.RECEIPT_UNKNOWN_BATCH, "no batch " + batch));
        }

        @Override
        public ChainCall publishCall(ReceiptBatch batch) {
            return new ChainCall(CONTRACT, "0x%016x".formatted(batch.number()) + batch.root().toHex().substring(2));
        }

        @Override
        public Mono<RootPublication> publicationOf(long batch) {
            return batch <= roots.size() ? Mono.just(publication(batch)) : Mono.empty();
        }

        static RootPublication publication(long batch) {
            return new RootPublication("0x" + "%064x".formatted(batch), 100 + batch);
        }
    }

    /**
     * The transaction outbox around a real {@link OutboxAcceptor}: accepted requests are kept in order; a test mines
     * or fails them, which runs the service's effects as the sender would. Only the calls the acceptor makes work.
     */
    static final class Outbox {
        final List<ChainRequest> accepted = new ArrayList<>();
        private static final BigInteger GAS = BigInteger.valueOf(100_000);
        /** The next simulation answers this instead of success. */
        Optional<DomainException> nextSimulation = Optional.empty();
        private final Chain chain;
        private final Clock clock;

        Outbox(Chain chain, Clock clock) {
            this.chain = chain;
            this.clock = clock;
        }

        OutboxAcceptor acceptor() {
            RelayerAccountPort relayer = only(RelayerAccountPort.class, "prepare", args -> {
                Optional<DomainException> answer = nextSimulation;
                nextSimulation = Optional.empty();
                return List.of(answer.map(Simulation::reverts).orElseGet(() -> Simulation.succeeds(GAS)));
            });
            ChainRequestPort requests = only(ChainRequestPort.class, "insert", args -> Mono.fromRunnable(
                    () -> accepted.add((ChainRequest) args[0])));
            TransactionPort database = new TransactionPort() {
                @Override
                public <T> Mono<T> inTransaction(Mono<T> work) {
                    return work;
                }
            };
            return new OutboxAcceptor(relayer, requests, database, clock, () -> { });
        }

        /** Mines the oldest accepted request, which carries {@code batch}: its root goes on chain, then the effects. */
        void mineNext(ChainRequestEffects effects, ReceiptBatch batch) {
            ChainRequest request = accepted.remove(0);
            chain.publish(batch);
            RootPublication at = Chain.publication(batch.number());
            effects.onConfirmed(request.sent("tx-" + batch.number(), clock.instant())
                    .mined(new MinedTransaction(at.transactionHash(), at.blockNumber(), 50_000), clock.instant())
                    .confirmed(clock.instant()))
                    .block();
        }

        void failNext(ChainRequestEffects effects) {
            ChainRequest request = accepted.remove(0);
            effects.onFailed(request.failed("CHAIN-0002", "refused", clock.instant())).block();
        }

        @SuppressWarnings("unchecked")
        private static <T> T only(Class<T> port, String method, Function<Object[], Object> answer) {
            return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, called, args) -> {
                if (called.getName().equals(method)) {
                    return answer.apply(args);
                }
                throw new UnsupportedOperationException(port.getSimpleName() + "." + called.getName());
            });
        }
    }
}
