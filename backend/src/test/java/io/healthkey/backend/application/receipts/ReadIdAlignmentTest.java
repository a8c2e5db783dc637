package io.healthkey.backend.application.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.audit.EmergencyReadFlags;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.fakes.InMemoryEmergencyReadFlags;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/** A read log that restarts below the chain's read ids is moved past them before it logs a read no batch can take. */
class ReadIdAlignmentTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x1111111111111111111111111111111111111111");
    private static final EthAddress READER = EthAddress.parse("0x3333333333333333333333333333333333333333");
    private static final Instant LOGGED = Instant.ofEpochSecond(1_800_000_000L);

    private final ReadReceiptFakes.Store store = new ReadReceiptFakes.Store();
    private final ReadReceiptFakes.Chain chain = new ReadReceiptFakes.Chain();
    private final Sequence sequence = new Sequence();

    /** The identity column: hands out ids from {@code next}, remembers every restart. */
    private static final class Sequence implements ReadIdSequencePort {
        long next = 1;
        long highest;
        final List<Long> restarts = new ArrayList<>();

        long nextId() {
            highest = next++;
            return highest;
        }

        @Override
        public Mono<Long> highestReadId() {
            return Mono.fromSupplier(() -> highest);
        }

        @Override
        public Mono<Void> restartAt(long nextId) {
            return Mono.fromRunnable(() -> {
                restarts.add(nextId);
                next = nextId;
            });
        }
    }

    @Test
    void restartsAtTheChainsNextReadIdOnlyWhenTheLogIsBehindIt() {
        assertThat(ReadIdAlignment.restartAt(0, 8)).hasValue(8);
        assertThat(ReadIdAlignment.restartAt(5, 8)).hasValue(8);
        assertThat(ReadIdAlignment.restartAt(7, 8)).isEmpty();
        assertThat(ReadIdAlignment.restartAt(12, 8)).isEmpty();
        assertThat(ReadIdAlignment.restartAt(0, 1)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void anEmptyLogAfterADatabaseLossLogsItsNextReadAtTheChainsNextReadId() {
        chain.nextReadId = 8;

        new ReadIdAlignment(sequence, chain).align().block();

        assertThat(sequence.restarts).containsExactly(8L);
        assertThat(sequence.nextId()).isEqualTo(8);
    }

    @Test
    void aLogLevelWithTheChainIsLeftAlone() {
        for (int i = 0; i < 7; i++) {
            sequence.nextId();
        }
        chain.nextReadId = 8;

        new ReadIdAlignment(sequence, chain).align().block();

        assertThat(sequence.restarts).isEmpty();
        assertThat(sequence.nextId()).isEqualTo(8);
    }

    @Test
    void alignsOncePerProcessAndTriesAgainAfterTheChainFailed() {
        ReadIdAlignment alignment = new ReadIdAlignment(sequence, chain);
        chain.down = true;
        assertThatThrownBy(() -> alignment.align().block())
                .isInstanceOf(DomainException.class);
        assertThat(sequence.restarts).isEmpty();

        chain.down = false;
        chain.nextReadId = 8;
        alignment.align().block();
        chain.nextReadId = 20;
        alignment.align().block();

        assertThat(sequence.restarts).containsExactly(8L);
    }

    @Test
    void theFirstReadAfterTheLossGoesInTheNextBatchOnChain() {
        chain.nextReadId = 8;
        ReadReceiptFakes.Outbox outbox = new ReadReceiptFakes.Outbox(chain, new MutableClock(LOGGED.plusSeconds(60)));
        ReadReceiptService batcher = new ReadReceiptService(store, chain,
                new Deployment(31337, 1, READER, READER, READER, ReadReceiptFakes.CONTRACT), 10, Duration.ZERO,
                new MutableClock(LOGGED.plusSeconds(60)), outbox.acceptor(),
                new EmergencyReadFlags(new InMemoryEmergencyReadFlags()));

        new ReadIdAlignment(sequence, chain).align().block();
        long id = sequence.nextId();
        store.log(new LoggedRead(id, new ReadEntry(RecordId.of(PATIENT, Category.OBSERVATION, 1), READER, true,
                Optional.empty(), Optional.of(7L), LOGGED)));
        ReceiptBatch batch = batcher.batchOnce().block();
        outbox.mineNext(batcher.rootEffects(), batch);

        assertThat(batch.firstReadId()).isEqualTo(8);
        assertThat(batch.lastReadId()).isEqualTo(8);
        assertThat(chain.nextReadId).isEqualTo(9);
    }
}
