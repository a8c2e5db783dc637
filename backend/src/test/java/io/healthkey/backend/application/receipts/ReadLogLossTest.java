package io.healthkey.backend.application.receipts;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.receipt.BatchStatus;
import io.healthkey.backend.domain.receipt.LostReadLog;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/** The read log before a loss of the database is reported lost, with what the chain still counts, not empty. */
class ReadLogLossTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    private final ReadReceiptFakes.Store store = new ReadReceiptFakes.Store();
    private final ReadReceiptFakes.Chain chain = new ReadReceiptFakes.Chain();
    private final LostReadLogUseCase loss = new ReadLogLoss(store, chain);

    @Test
    void aDatabaseThatHoldsEveryBatchFromTheFirstLostNothing() {
        keepAndPublish(batch(1, 1, 10));
        keepAndPublish(batch(2, 11, 12));

        assertThat(loss.lostBefore(PATIENT, PATIENT).block()).isEqualTo(LostReadLog.NONE);
    }

    @Test
    void anEmptyDatabaseReportsEveryBatchOnChainAndTheReadsTheyCommitTo() {
        chain.publish(batch(1, 1, 10));
        chain.publish(batch(2, 11, 40));

        assertThat(loss.lostBefore(PATIENT, PATIENT).block()).isEqualTo(new LostReadLog(2, 40));
    }

    @Test
    void aDatabaseThatNumberedOnFromTheChainReportsTheBatchesBeforeItsFirst() {
        chain.publish(batch(1, 1, 10));
        chain.publish(batch(2, 11, 40));
        keepAndPublish(batch(3, 41, 45));

        assertThat(loss.lostBefore(PATIENT, PATIENT).block()).isEqualTo(new LostReadLog(2, 40));
    }

    @Test
    void nothingOnChainAndNothingHeldIsNoLoss() {
        assertThat(loss.lostBefore(PATIENT, PATIENT).block()).isEqualTo(LostReadLog.NONE);
    }

    @Test
    void onlyThePatientAsks() {
        assertFailsWith(loss.lostBefore(EthAddress.parse("0x" + "11".repeat(20)), PATIENT),
                ErrorCode.REQUEST_NOT_PATIENT);
    }

    private void keepAndPublish(ReceiptBatch batch) {
        store.batches.put(batch.number(), batch);
        chain.publish(batch);
    }

    private static ReceiptBatch batch(long number, long firstReadId, long lastReadId) {
        return new ReceiptBatch(number, Bytes32.fromBytes(new byte[32]), (int) (lastReadId - firstReadId + 1),
                firstReadId, lastReadId, BatchStatus.PREPARED, Optional.empty());
    }
}
