package io.healthkey.backend.application.receipts;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.application.audit.EmergencyReadFlags;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.emergency.EmergencyFlag;
import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.receipt.BatchStatus;
import io.healthkey.backend.domain.receipt.ReadProof;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.fakes.InMemoryEmergencyReadFlags;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.receipt.MerkleProofs;

/**
 * The batcher against in-memory ports and a real {@link OutboxAcceptor}: each read in exactly one batch, each batch
 * submitted to the outbox once and published as prepared.
 */
class ReadReceiptServiceTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x1111111111111111111111111111111111111111");
    private static final EthAddress OTHER = EthAddress.parse("0x2222222222222222222222222222222222222222");
    private static final EthAddress READER = EthAddress.parse("0x3333333333333333333333333333333333333333");
    private static final Deployment DEPLOYMENT = new Deployment(31337, 1, READER, READER, READER,
            ReadReceiptFakes.CONTRACT);

    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Instant LOGGED = Instant.ofEpochSecond(1_800_000_000L);

    /** Long after every read logged here, unless a test moves it. */
    private final MutableClock clock = new MutableClock(LOGGED.plus(Duration.ofDays(1)));

    private final ReadReceiptFakes.Store store = new ReadReceiptFakes.Store();
    private final ReadReceiptFakes.Chain chain = new ReadReceiptFakes.Chain();
    private final ReadReceiptFakes.Outbox outbox = new ReadReceiptFakes.Outbox(chain, clock);
    private final InMemoryEmergencyReadFlags emergencyFlags = new InMemoryEmergencyReadFlags();

    private ReadReceiptService service(int maxLeaves) {
        return new ReadReceiptService(store, chain, DEPLOYMENT, maxLeaves, SETTLE, clock, outbox.acceptor(),
                new EmergencyReadFlags(emergencyFlags));
    }

    /** One batcher run, and the outbox mining what it submitted. */
    private ReceiptBatch batchAndMine(ReadReceiptService service) {
        ReceiptBatch submitted = service.batchOnce().block();
        outbox.mineNext(service.rootEffects(), submitted);
        return store.batches.get(submitted.number());
    }

    private void logReads(long from, long to, EthAddress patient) {
        for (long id = from; id <= to; id++) {
            boolean allowed = id % 2 == 0;
            store.log(new LoggedRead(id, new ReadEntry(RecordId.of(patient, Category.OBSERVATION, id), READER, allowed,
                    allowed ? Optional.empty() : Optional.of("ACCESS-0002"), Optional.of(7L),
                    LOGGED.plusSeconds(id))));
        }
    }

    @Test
    void publishesEachReadInOneBatchOnceThroughTheOutboxAndThenHasNothingToDo() {
        logReads(1, 5, PATIENT);
        ReadReceiptService service = service(2);

        List<ReceiptBatch> batches = List.of(batchAndMine(service), batchAndMine(service), batchAndMine(service));

        assertThat(batches).extracting(ReceiptBatch::leafCount).containsExactly(2, 2, 1);
        assertThat(batches).allMatch(ReceiptBatch::isPublished);
        assertThat(batches.get(2).publication()).contains(ReadReceiptFakes.Chain.publication(3));
        assertThat(service.batchOnce().blockOptional()).isEmpty();
        assertThat(outbox.accepted).isEmpty();
        assertThat(chain.roots).containsExactly(batches.get(0).root(), batches.get(1).root(), batches.get(2).root());
        assertThat(store.receipts).hasSize(5);
        assertThat(batches.get(2).firstReadId()).isEqualTo(5);
    }

    @Test
    void aSubmittedBatchIsNotSubmittedAgainWhileTheOutboxHoldsIt() {
        logReads(1, 3, PATIENT);
        ReadReceiptService service = service(10);

        ReceiptBatch first = service.batchOnce().block();
        ReceiptBatch again = service.batchOnce().block();

        assertThat(first.status()).isEqualTo(BatchStatus.SUBMITTED);
        assertThat(again.number()).isEqualTo(first.number());
        assertThat(outbox.accepted).hasSize(1);
        ChainRequest request = outbox.accepted.get(0);
        assertThat(request.kind()).isEqualTo(RelayKind.AUDIT_ROOT);
        assertThat(request.call()).contains(chain.publishCall(first));
    }

    @Test
    void aBatchMinedWhileTheEffectsWereLostIsConfirmedFromTheChainNotSubmittedAgain() {
        logReads(1, 3, PATIENT);
        ReadReceiptService service = service(10);
        ReceiptBatch submitted = service.batchOnce().block();
        chain.publish(submitted);
        outbox.accepted.clear();

        ReceiptBatch confirmed = service.batchOnce().block();

        assertThat(outbox.accepted).isEmpty();
        assertThat(confirmed.isPublished()).isTrue();
        assertThat(confirmed.publication()).contains(ReadReceiptFakes.Chain.publication(1));
    }

    @Test
    void aFailedSubmissionIsSubmittedAgainAsPrepared() {
        logReads(1, 3, PATIENT);
        ReadReceiptService service = service(10);
        Bytes32 preparedRoot = service.batchOnce().block().root();
        outbox.failNext(service.rootEffects());
        assertThat(store.batches.get(1L).status()).isEqualTo(BatchStatus.PREPARED);
        logReads(4, 6, PATIENT);

        ReceiptBatch first = batchAndMine(service);
        ReceiptBatch second = batchAndMine(service);

        assertThat(first.number()).isEqualTo(1);
        assertThat(first.root()).isEqualTo(preparedRoot);
        assertThat(first.leafCount()).isEqualTo(3);
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.firstReadId()).isEqualTo(4);
        assertThat(chain.roots).containsExactly(preparedRoot, second.root());
    }

    @Test
    void aRevertingSimulationStoresNoRequestAndLeavesTheBatchPrepared() {
        logReads(1, 2, PATIENT);
        ReadReceiptService service = service(10);
        outbox.nextSimulation = Optional.of(new DomainException(ErrorCode.RECEIPT_UNEXPECTED_BATCH, "not next"));

        assertFailsWith(service.batchOnce(), ErrorCode.RECEIPT_UNEXPECTED_BATCH);

        assertThat(outbox.accepted).isEmpty();
        assertThat(store.batches.get(1L).status()).isEqualTo(BatchStatus.PREPARED);
    }

    @Test
    void refusesToMarkABatchWhoseNumberTheChainHoldsUnderAnotherRoot() {
        logReads(1, 2, PATIENT);
        chain.roots.add(Bytes32.fromUint256(BigInteger.TEN));
        ReadReceiptService service = service(10);
        ReceiptBatch submitted = service.batchOnce().block();
        assertThat(submitted.number()).as("numbered after the chain's batches").isEqualTo(2);
        assertThat(submitted.firstReadId()).as("starting at the chain's next read id").isEqualTo(1);
        chain.roots.add(Bytes32.fromUint256(BigInteger.TWO));

        assertFailsWith(service.batchOnce(), ErrorCode.RECEIPT_ROOT_MISMATCH);
        assertThat(store.batches.get(2L).isPublished()).isFalse();
    }

    @Test
    void provesEveryReadAgainstTheRootOnChainToItsPatientOnly() {
        logReads(1, 4, PATIENT);
        logReads(5, 5, OTHER);
        ReadReceiptService service = service(10);
        assertFailsWith(service.proof(PATIENT, PATIENT, 1), ErrorCode.RECEIPT_NOT_YET_ANCHORED);
        batchAndMine(service);

        for (long id = 1; id <= 4; id++) {
            ReadProof proof = service.proof(PATIENT, PATIENT, id).block();
            assertThat(proof.receipt().readId()).isEqualTo(id);
            assertThat(proof.contract()).isEqualTo(DEPLOYMENT.readReceiptRoots());
            assertThat(MerkleProofs.verify(proof.proof(), chain.roots.get(0), proof.receipt())).isTrue();
        }
        assertFailsWith(service.proof(PATIENT, PATIENT, 5), ErrorCode.RECEIPT_NO_SUCH_READ);
        assertFailsWith(service.proof(PATIENT, PATIENT, 99), ErrorCode.RECEIPT_NO_SUCH_READ);
        assertFailsWith(service.proof(OTHER, PATIENT, 1), ErrorCode.REQUEST_NOT_PATIENT);
    }

    @Test
    void aProofCarriesTheEmergencyWindowBesideAnUnchangedLeaf() {
        logReads(1, 4, PATIENT);
        EmergencyFlag window = new EmergencyFlag(LOGGED.plusSeconds(3_600), "0x" + "e1".repeat(32));
        emergencyFlags.flagged.add(new EmergencyRead(RecordId.of(PATIENT, Category.OBSERVATION, 2), READER,
                LOGGED.plusSeconds(2), window.windowUntil(), window.windowTransaction()));
        ReadReceiptService service = service(10);
        batchAndMine(service);
        ReadReceiptService unflagged = new ReadReceiptService(store, chain, DEPLOYMENT, 10, SETTLE, clock,
                outbox.acceptor(), new EmergencyReadFlags(new InMemoryEmergencyReadFlags()));

        ReadProof emergencyRead = service.proof(PATIENT, PATIENT, 2).block();

        assertThat(emergencyRead.emergency()).contains(window);
        assertThat(service.proof(PATIENT, PATIENT, 4).block().emergency()).isEmpty();
        ReadProof sameReadUnflagged = unflagged.proof(PATIENT, PATIENT, 2).block();
        assertThat(emergencyRead.receipt()).as("the flag is not in the leaf").isEqualTo(sameReadUnflagged.receipt());
        assertThat(emergencyRead.proof()).isEqualTo(sameReadUnflagged.proof());
        assertThat(MerkleProofs.verify(emergencyRead.proof(), chain.roots.get(0), emergencyRead.receipt())).isTrue();
    }

    @Test
    void aReadWhoseBatchIsSubmittedButNotOnChainIsNotProvenYet() {
        logReads(1, 2, PATIENT);
        ReadReceiptService service = service(10);
        service.batchOnce().block();

        assertFailsWith(service.proof(PATIENT, PATIENT, 1), ErrorCode.RECEIPT_NOT_YET_ANCHORED);
    }

    @Test
    void batchesChainTheirReadIdRangesOverIdsThatNameNoRead() {
        logReads(1, 2, PATIENT);
        logReads(5, 6, PATIENT);
        ReadReceiptService service = service(2);

        ReceiptBatch first = batchAndMine(service);
        ReceiptBatch second = batchAndMine(service);

        assertThat(List.of(first.firstReadId(), first.lastReadId())).containsExactly(1L, 2L);
        assertThat(List.of(second.firstReadId(), second.lastReadId(), (long) second.leafCount()))
                .as("3 and 4 name no read: covered, absent from the tree").containsExactly(3L, 6L, 2L);
        assertThat(chain.nextReadId).isEqualTo(7);
    }

    @Test
    void stopsAtTheFirstRowThatMayStillChangeAndTakesItOnceFinal() {
        logReads(1, 2, PATIENT);
        Instant windowEnd = LOGGED.plusSeconds(600);
        store.log(new LoggedRead(3, new ReadEntry(RecordId.of(PATIENT, Category.OBSERVATION, 3), OTHER, false,
                Optional.of("ACCESS-0002"), Optional.empty(), LOGGED.plusSeconds(3)), 300, LOGGED.plusSeconds(4),
                Optional.of(windowEnd)));
        logReads(4, 4, PATIENT);
        ReadReceiptService service = service(10);

        clock.now = windowEnd.plus(SETTLE).minusMillis(1);
        ReceiptBatch beforeTheWindowCloses = batchAndMine(service);
        assertThat(List.of(beforeTheWindowCloses.lastReadId(), (long) beforeTheWindowCloses.leafCount()))
                .containsExactly(2L, 2L);
        assertThat(service.batchOnce().blockOptional()).as("the aggregate still counts").isEmpty();

        clock.now = windowEnd.plus(SETTLE);
        ReceiptBatch afterwards = batchAndMine(service);
        assertThat(List.of(afterwards.firstReadId(), afterwards.lastReadId(), (long) afterwards.leafCount()))
                .containsExactly(3L, 4L, 2L);
        ReadProof aggregate = service.proof(PATIENT, PATIENT, 3).block();
        assertThat(aggregate.receipt().count()).isEqualTo(300);
        assertThat(aggregate.receipt().allowed()).isFalse();
        assertThat(MerkleProofs.verify(aggregate.proof(), chain.roots.get(1), aggregate.receipt())).isTrue();
    }

    @Test
    void aReadYoungerThanTheSettleMarginWaits() {
        logReads(1, 1, PATIENT);
        ReadReceiptService service = service(10);
        clock.now = LOGGED.plusSeconds(1).plus(SETTLE).minusMillis(1);

        assertThat(service.batchOnce().blockOptional()).isEmpty();
        clock.now = LOGGED.plusSeconds(1).plus(SETTLE);
        assertThat(batchAndMine(service).leafCount()).isEqualTo(1);
    }
}
