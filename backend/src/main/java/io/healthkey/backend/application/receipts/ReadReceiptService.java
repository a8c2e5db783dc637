package io.healthkey.backend.application.receipts;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.healthkey.backend.application.audit.EmergencyReadFlags;
import io.healthkey.backend.application.outbox.ChainRequestEffects;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.audit.AuditAccess;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ReceiptRootIntent;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.receipt.BatchStatus;
import io.healthkey.backend.domain.receipt.ReadProof;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.receipt.RootPublication;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.receipt.ReadReceipt;
import io.healthkey.protocol.receipt.ReceiptTree;
import reactor.core.publisher.Mono;

/**
 * Batches read receipts under Merkle roots on chain, and proves a read's receipt to its patient.
 *
 * <p>Idempotent across restarts: a batch's root and receipts are stored before its root is sent, and a stored batch
 * is only ever published as stored. Before submitting, the chain's batch counter says whether an earlier run already
 * published it (then the chain's root must equal the stored one) or whether it is the chain's next. The root goes
 * out through the transaction outbox ({@code AUDIT_ROOT}): the request and the batch's SUBMITTED mark are stored in
 * one transaction, and {@link #rootEffects()} marks the batch PUBLISHED when the outbox sees it confirmed, or PREPARED
 * again when it failed. One caller at a time: the scheduler serializes {@link #batchOnce} calls.
 *
 * <p>Batches chain their read id ranges, as the contract requires: each starts right after the last one stored (or
 * on chain), takes the log's rows in id order and stops at the first row that may still change (an aggregate whose
 * window is open, or a row younger than {@code settle}), so no row with a lower id can turn up after a higher one was
 * batched, and none is left out.
 */
public final class ReadReceiptService implements BatchReadReceiptsUseCase, ReadProofUseCase {

    private final ReadReceiptStorePort store;
    private final ReadReceiptRootsPort chain;
    private final Deployment deployment;
    private final int maxLeaves;
    private final Duration settle;
    private final Clock clock;
    private final OutboxAcceptor outbox;
    private final EmergencyReadFlags emergencyFlags;
    private final SecureRandom random = new SecureRandom();

    public ReadReceiptService(ReadReceiptStorePort store, ReadReceiptRootsPort chain, Deployment deployment,
            int maxLeaves, Duration settle, Clock clock, OutboxAcceptor outbox, EmergencyReadFlags emergencyFlags) {
        if (maxLeaves < 1) {
            throw new IllegalArgumentException("a batch holds at least one read: " + maxLeaves);
        }
        if (settle.isNegative()) {
            throw new IllegalArgumentException("the settle margin is not negative: " + settle);
        }
        this.settle = settle;
        this.store = store;
        this.chain = chain;
        this.deployment = deployment;
        this.maxLeaves = maxLeaves;
        this.clock = clock;
        this.outbox = outbox;
        this.emergencyFlags = emergencyFlags;
    }

    @Override
    public Mono<ReceiptBatch> batchOnce() {
        return store.oldestUnpublished()
                .switchIfEmpty(Mono.defer(this::prepareNext))
                .flatMap(this::publish);
    }

    /** The proof, and beside it the read's emergency window if it was made through one (not part of the leaf). */
    @Override
    public Mono<ReadProof> proof(EthAddress viewer, EthAddress patient, long readId) {
        return Mono.fromRunnable(() -> AuditAccess.requireSelf(viewer, patient))
                .then(store.read(readId))
                .filter(read -> read.entry().patient().equals(patient))
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.RECEIPT_NO_SUCH_READ,
                        "no such read of the patient's records")))
                .flatMap(read -> committedProof(readId)
                        .zipWith(emergencyFlags.of(patient, List.of(read)))
                        .map(found -> found.getT1().withEmergency(found.getT2().get(0).emergency())));
    }

    private Mono<ReadProof> committedProof(long readId) {
        return store.receiptOf(readId)
                .switchIfEmpty(Mono.error(() -> notYetAnchored()))
                .flatMap(batched -> store.batch(batched.batchNumber())
                        .filter(ReceiptBatch::isPublished)
                        .switchIfEmpty(Mono.error(() -> notYetAnchored()))
                        .flatMap(batch -> store.leavesOf(batch.number()).collectList().map(leaves -> {
                            ReceiptTree tree = ReceiptTree.of(leaves);
                            if (!tree.root().equals(batch.root())) {
                                throw new DomainException(ErrorCode.RECEIPT_ROOT_MISMATCH,
                                        "the stored leaves of batch " + batch.number() + " do not give its root");
                            }
                            return new ReadProof(batched.receipt(), tree.proof(batched.receipt().leafHash()), batch,
                                    deployment.chainId(), deployment.readReceiptRoots());
                        })));
    }

    private Mono<ReceiptBatch> prepareNext() {
        return Mono.zip(store.lastBatchNumber(), chain.batchCount(), store.lastBatchedReadId(), chain.nextReadId())
                .flatMap(at -> {
                    long number = Math.max(at.getT1(), at.getT2()) + 1;
                    long firstReadId = Math.max(at.getT3() + 1, at.getT4());
                    return store.readsFrom(firstReadId, maxLeaves)
                            .takeWhile(read -> read.isFinalAt(clock.instant(), settle))
                            .collectList()
                            .filter(reads -> !reads.isEmpty())
                            .flatMap(reads -> prepare(number, firstReadId, reads));
                });
    }

    private Mono<ReceiptBatch> prepare(long number, long firstReadId, List<LoggedRead> reads) {
        List<ReadReceipt> receipts = reads.stream().map(this::receiptOf).toList();
        ReceiptTree tree = ReceiptTree.of(receipts.stream().map(ReadReceipt::leafHash).toList());
        List<ReadReceipt> inLeafOrder = receipts.stream()
                .sorted(Comparator.comparingInt(receipt -> tree.indexOf(receipt.leafHash())))
                .toList();
        long last = reads.get(reads.size() - 1).id();
        ReceiptBatch batch = new ReceiptBatch(number, tree.root(), receipts.size(), firstReadId, last,
                BatchStatus.PREPARED, Optional.empty());
        return store.savePrepared(batch, inLeafOrder, clock.instant()).thenReturn(batch);
    }

    private ReadReceipt receiptOf(LoggedRead read) {
        byte[] salt = new byte[32];
        random.nextBytes(salt);
        ReadEntry entry = read.entry();
        return new ReadReceipt(Bytes32.fromBytes(salt), read.id(), entry.patient(), entry.reader(), entry.record(),
                entry.at().getEpochSecond(), entry.allowed(), read.count());
    }

    private Mono<ReceiptBatch> publish(ReceiptBatch batch) {
        return chain.batchCount().flatMap(onChain -> {
            if (onChain >= batch.number()) {
                return chain.rootOf(batch.number()).flatMap(root -> {
                    if (!root.equals(batch.root())) {
                        return Mono.error(new DomainException(ErrorCode.RECEIPT_ROOT_MISMATCH, "the chain holds root "
                                + root + " for batch " + batch.number() + ", prepared here as " + batch.root()));
                    }
                    return chain.publicationOf(batch.number())
                            .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.CHAIN_UNAVAILABLE,
                                    "batch " + batch.number() + " is on chain but the node shows no event for it yet")))
                            .flatMap(publication -> markPublished(batch, publication));
                });
            }
            if (onChain != batch.number() - 1) {
                return Mono.error(new DomainException(ErrorCode.RECEIPT_UNEXPECTED_BATCH, "the chain holds "
                        + onChain + " batches: batch " + batch.number() + " cannot follow"));
            }
            if (batch.status() == BatchStatus.SUBMITTED) {
                return Mono.just(batch);
            }
            return submit(batch);
        });
    }

    private Mono<ReceiptBatch> submit(ReceiptBatch batch) {
        ChainCall call = chain.publishCall(batch);
        EthAddress contract = deployment.readReceiptRoots();
        return outbox.simulate(call)
                .flatMap(gas -> outbox.accept(outbox.newRequest(RelayKind.AUDIT_ROOT, contract, contract,
                        Long.toString(batch.number()), call, new ReceiptRootIntent(batch.number()), gas), store.markSubmitted(batch.number())))
                .thenReturn(batch.submitted());
    }

    /** What follows a root's request once it is final: see {@link ReceiptRootEffects}. */
    public ChainRequestEffects rootEffects() {
        return new ReceiptRootEffects(store, clock);
    }

    private Mono<ReceiptBatch> markPublished(ReceiptBatch batch, RootPublication by) {
        return store.markPublished(batch.number(), by, clock.instant()).thenReturn(batch.published(by));
    }

    private static DomainException notYetAnchored() {
        return new DomainException(ErrorCode.RECEIPT_NOT_YET_ANCHORED,
                "the read is not yet in a batch whose root is on chain; batches are published periodically");
    }
}
