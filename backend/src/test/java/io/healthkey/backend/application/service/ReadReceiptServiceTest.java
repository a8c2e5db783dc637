package io.healthkey.backend.application.service;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.receipt.ReadProof;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.receipt.MerkleProofs;

/** The batcher against in-memory ports: each read in exactly one batch, each batch published once, as prepared. */
class ReadReceiptServiceTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x1111111111111111111111111111111111111111");
    private static final EthAddress OTHER = EthAddress.parse("0x2222222222222222222222222222222222222222");
    private static final EthAddress READER = EthAddress.parse("0x3333333333333333333333333333333333333333");
    private static final Deployment DEPLOYMENT = new Deployment(31337, 1, READER, READER, READER,
            EthAddress.parse("0x4444444444444444444444444444444444444444"));

    private final ReadReceiptFakes.Store store = new ReadReceiptFakes.Store();
    private final ReadReceiptFakes.Chain chain = new ReadReceiptFakes.Chain();

    private ReadReceiptService service(int maxLeaves) {
        return new ReadReceiptService(store, chain, DEPLOYMENT, maxLeaves,
                Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC));
    }

    private void logReads(long from, long to, EthAddress patient) {
        for (long id = from; id <= to; id++) {
            boolean allowed = id % 2 == 0;
            store.log(new LoggedRead(id, new ReadEntry(RecordId.of(patient, Category.OBSERVATION, id), READER, allowed,
                    allowed ? Optional.empty() : Optional.of("ACCESS-0002"), Optional.of(7L),
                    Instant.ofEpochSecond(1_800_000_000L + id))));
        }
    }

    @Test
    void publishesEachReadInOneBatchOnceAndThenHasNothingToDo() {
        logReads(1, 5, PATIENT);
        ReadReceiptService service = service(2);

        List<Integer> sizes = List.of(service.batchOnce().block(), service.batchOnce().block(),
                service.batchOnce().block()).stream().map(ReceiptBatch::leafCount).toList();

        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(service.batchOnce().blockOptional()).isEmpty();
        assertThat(chain.sends).isEqualTo(3);
        assertThat(chain.roots).containsExactly(store.batches.get(1L).root(), store.batches.get(2L).root(),
                store.batches.get(3L).root());
        assertThat(store.receipts).hasSize(5);
        assertThat(store.batches.values()).allMatch(ReceiptBatch::isPublished);
        assertThat(store.batches.get(3L).firstReadId()).isEqualTo(5);
    }

    @Test
    void aBatchMinedWhileItsSenderMissedTheReceiptIsConfirmedFromTheChainNotSentAgain() {
        logReads(1, 3, PATIENT);
        ReadReceiptService service = service(10);
        chain.loseReceipt = true;

        assertFailsWith(service.batchOnce(), ErrorCode.CHAIN_RECEIPT_TIMEOUT);
        assertThat(store.batches.get(1L).isPublished()).isFalse();
        ReceiptBatch confirmed = service.batchOnce().block();

        assertThat(chain.sends).isEqualTo(1);
        assertThat(confirmed.isPublished()).isTrue();
        assertThat(confirmed.publication()).contains(ReadReceiptFakes.Chain.publication(1));
        assertThat(chain.roots).containsExactly(confirmed.root());
    }

    @Test
    void aPreparedBatchIsPublishedAsPreparedEvenWhenNewReadsArriveMeanwhile() {
        logReads(1, 3, PATIENT);
        ReadReceiptService service = service(10);
        chain.unavailable = true;
        assertFailsWith(service.batchOnce(), ErrorCode.CHAIN_UNAVAILABLE);
        Bytes32 preparedRoot = store.batches.get(1L).root();
        logReads(4, 6, PATIENT);

        ReceiptBatch first = service.batchOnce().block();
        ReceiptBatch second = service.batchOnce().block();

        assertThat(first.number()).isEqualTo(1);
        assertThat(first.root()).isEqualTo(preparedRoot);
        assertThat(first.leafCount()).isEqualTo(3);
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.firstReadId()).isEqualTo(4);
        assertThat(chain.roots).containsExactly(preparedRoot, second.root());
    }

    @Test
    void refusesToMarkABatchWhoseNumberTheChainHoldsUnderAnotherRoot() {
        logReads(1, 2, PATIENT);
        chain.roots.add(Bytes32.fromUint256(BigInteger.TEN));
        ReadReceiptService service = service(10);
        chain.unavailable = true;
        assertFailsWith(service.batchOnce(), ErrorCode.CHAIN_UNAVAILABLE);
        assertThat(store.batches.get(2L)).as("numbered after the chain's batches").isNotNull();
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
        service.batchOnce().block();

        for (long id = 1; id <= 4; id++) {
            ReadProof proof = service.proof(PATIENT, PATIENT, id).block();
            assertThat(proof.receipt().readId()).isEqualTo(id);
            assertThat(proof.contract()).isEqualTo(DEPLOYMENT.readReceiptRoots());
            assertThat(MerkleProofs.verify(proof.proof(), chain.roots.get(0), proof.receipt().leafHash())).isTrue();
        }
        assertFailsWith(service.proof(PATIENT, PATIENT, 5), ErrorCode.RECEIPT_NO_SUCH_READ);
        assertFailsWith(service.proof(PATIENT, PATIENT, 99), ErrorCode.RECEIPT_NO_SUCH_READ);
        assertFailsWith(service.proof(OTHER, PATIENT, 1), ErrorCode.REQUEST_NOT_PATIENT);
    }

    @Test
    void aReadWhoseBatchIsPreparedButNotOnChainIsNotProvenYet() {
        logReads(1, 2, PATIENT);
        ReadReceiptService service = service(10);
        chain.unavailable = true;
        assertFailsWith(service.batchOnce(), ErrorCode.CHAIN_UNAVAILABLE);

        assertFailsWith(service.proof(PATIENT, PATIENT, 1), ErrorCode.RECEIPT_NOT_YET_ANCHORED);
    }
}
