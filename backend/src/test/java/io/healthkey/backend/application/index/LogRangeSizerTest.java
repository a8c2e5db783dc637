package io.healthkey.backend.application.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/** The {@code eth_getLogs} range: halves when refused, doubles while sparse, shrinks to a dense answer. */
class LogRangeSizerTest {

    private static final EthAddress ACCOUNT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");

    @Test
    void aRefusedRangeHalvesUntilTheNodeAnswersAndTheAnswerCoversAPrefix() {
        var node = new Node(0);
        node.maxBlocks = 10;
        var sizer = new LogRangeSizer(node, 64, 1_000);

        LogRangeSizer.Fetched fetched = sizer.fetch(100, 163);

        assertThat(node.asked).containsExactly("100..163", "100..131", "100..115", "100..107");
        assertThat(fetched.to()).isEqualTo(107);
        assertThat(sizer.range()).as("8 blocks answered, full and sparse: the next may be twice that").isEqualTo(16);
    }

    @Test
    void aSingleBlockTheNodeRefusesIsAFailure() {
        var node = new Node(0);
        node.maxBlocks = 0;
        var sizer = new LogRangeSizer(node, 4, 64);

        assertThatThrownBy(() -> sizer.fetch(7, 10)).isInstanceOf(IllegalStateException.class);
        assertThat(node.asked).containsExactly("7..10", "7..8", "7..7");
    }

    @Test
    void aSparseFullRangeDoublesTheNextUpToTheMaximum() {
        var sizer = new LogRangeSizer(new Node(1), 16, 40);

        sizer.fetch(0, 15);
        assertThat(sizer.range()).isEqualTo(32);
        sizer.fetch(16, 47);
        assertThat(sizer.range()).as("capped").isEqualTo(40);
        sizer.fetch(48, 50);
        assertThat(sizer.range()).as("a short range (the head) says nothing").isEqualTo(40);
    }

    @Test
    void aDenseAnswerCutsTheNextRangeToAboutOneTransactionOfLogs() {
        int perBlock = 3 * LogRangeSizer.SPARSE / 10;
        var sizer = new LogRangeSizer(new Node(perBlock), 20, 1_000);

        LogRangeSizer.Fetched fetched = sizer.fetch(0, 19);

        assertThat(fetched.events()).hasSize(20 * perBlock);
        assertThat(sizer.range()).isEqualTo(LogRangeSizer.SPARSE / perBlock);
    }

    @Test
    void anAnswerBetweenSparseAndDenseKeepsTheRange() {
        var sizer = new LogRangeSizer(new Node(LogRangeSizer.SPARSE / 10), 10, 1_000);
        sizer.fetch(0, 9);
        assertThat(sizer.range()).isEqualTo(10);
    }

    /** {@code perBlock} logs in every block; refuses ranges longer than {@code maxBlocks}. */
    private static final class Node implements ChainEventSourcePort {
        private final int perBlock;
        private final List<String> asked = new ArrayList<>();
        private int maxBlocks = Integer.MAX_VALUE;

        Node(int perBlock) {
            this.perBlock = perBlock;
        }

        @Override
        public long headNumber() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<IndexedBlock> blocks(long from, long to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ChainEvent> events(long from, long to) {
            asked.add(from + ".." + to);
            if (to - from + 1 > maxBlocks) {
                throw new IllegalStateException("query returned more than 10000 results");
            }
            List<ChainEvent> events = new ArrayList<>();
            for (long block = from; block <= to; block++) {
                for (int i = 0; i < perBlock; i++) {
                    events.add(new ChainEvent.Consent(new LogPosition(block, i, "0x" + "ab".repeat(32),
                            "0x" + "cd".repeat(32), 0), ACCOUNT, new GrantKey(ACCOUNT, ACCOUNT, Bytes32.ZERO, 1), 1, 2,
                            false));
                }
            }
            return events;
        }
    }
}
