package io.healthkey.backend.application.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/** How a range's events are cut into transactions: between blocks, about {@code EVENTS_PER_COMMIT} each. */
class CommitCutterTest {

    private static final EthAddress ACCOUNT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final int LIMIT = CommitCutter.EVENTS_PER_COMMIT;

    @Test
    void cutsOnlyBetweenBlocksAndKeepsEveryEventOnceInOrder() {
        Random random = new Random(3);
        for (int round = 0; round < 20; round++) {
            List<ChainEvent> events = new ArrayList<>();
            long block = 1;
            int blocks = 1 + random.nextInt(20);
            for (int b = 0; b < blocks; b++, block += 1 + random.nextInt(3)) {
                int inBlock = random.nextInt(round % 2 == 0 ? 800 : 3 * LIMIT);
                for (int i = 0; i < inBlock; i++) {
                    events.add(event(block, i));
                }
            }

            List<List<ChainEvent>> parts = CommitCutter.cut(events);

            assertThat(parts.stream().flatMap(List::stream).toList()).isEqualTo(events);
            for (int p = 0; p + 1 < parts.size(); p++) {
                List<ChainEvent> part = parts.get(p);
                assertThat(part.size()).as("all but the last part are full").isGreaterThanOrEqualTo(LIMIT);
                assertThat(part.get(part.size() - 1).at().blockNumber()).as("a block is never split")
                        .isLessThan(parts.get(p + 1).get(0).at().blockNumber());
                long firstBlockOfPart = part.get(0).at().blockNumber();
                long fullUpTo = part.get(LIMIT - 1).at().blockNumber();
                assertThat(part).as("a part ends with the block its limit falls in")
                        .allSatisfy(e -> assertThat(e.at().blockNumber()).isBetween(firstBlockOfPart, fullUpTo));
            }
        }
    }

    @Test
    void aRangeWithoutEventsIsOneEmptyPart() {
        assertThat(CommitCutter.cut(List.of())).containsExactly(List.of());
    }

    @Test
    void aBlockAboveTheLimitIsOnePart() {
        List<ChainEvent> events = new ArrayList<>();
        for (int i = 0; i < LIMIT + 10; i++) {
            events.add(event(7, i));
        }
        events.add(event(8, 0));
        assertThat(CommitCutter.cut(events)).extracting(List::size).containsExactly(LIMIT + 10, 1);
    }

    private static ChainEvent event(long block, int index) {
        return new ChainEvent.Consent(new LogPosition(block, index, "0x" + "ab".repeat(32), "0x" + "cd".repeat(32), 0),
                ACCOUNT, new GrantKey(ACCOUNT, ACCOUNT, Bytes32.ZERO, 1), 1, 2, false);
    }
}
