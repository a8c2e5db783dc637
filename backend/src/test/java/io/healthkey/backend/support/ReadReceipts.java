package io.healthkey.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.healthkey.backend.application.receipts.BatchReadReceiptsUseCase;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/** Drives the read receipt batcher from tests (their backend runs it every hour only) and finds reads' ids. */
public final class ReadReceipts {

    /** The test backend's window for a stranger's denied reads (healthkey.receipts.denied-window). */
    public static final Duration DENIED_WINDOW = Duration.ofSeconds(1);

    private static final int MAX_RUNS = 50;

    private ReadReceipts() {
    }

    /**
     * Waits for the window of denied reads open now to close, so that every read logged so far is final, then runs
     * the batcher until it has nothing left to do (at most 50 runs); returns the batches it published.
     */
    public static List<ReceiptBatch> publishAll(BatchReadReceiptsUseCase batches) {
        long window = DENIED_WINDOW.toMillis();
        long now = System.currentTimeMillis();
        long closes = Math.floorDiv(now, window) * window + window;
        try {
            Thread.sleep(closes - now + 1);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the denied-read window", interrupted);
        }
        List<ReceiptBatch> published = new ArrayList<>();
        for (int run = 0; run < MAX_RUNS; run++) {
            ReceiptBatch batch = batches.batchOnce().block();
            if (batch == null) {
                return published;
            }
            published.add(batch);
        }
        throw new AssertionError("the batcher still had work after " + MAX_RUNS + " runs");
    }

    /** The id of the newest read of {@code record} by {@code reader}, from the patient's read log. */
    public static long newestReadId(ApiClient patient, RecordId record, EthAddress reader) {
        List<Map<String, Object>> reads = patient.list("/api/v1/patients/" + patient.address() + "/reads");
        Map<String, Object> read = reads.stream()
                .filter(r -> record.toHex().equals(r.get("recordId")) && reader.toString().equals(r.get("reader")))
                .findFirst().orElseThrow(() -> new AssertionError("no read of " + record + " by " + reader));
        assertThat(read.get("id")).isInstanceOf(Number.class);
        return ((Number) read.get("id")).longValue();
    }
}
