package io.healthkey.backend.adapter.inbound.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.chainidentity.ChainIdentityUseCase;
import io.healthkey.backend.application.chainidentity.ChainIdentityVerdict;
import io.healthkey.backend.application.outbox.SendOutboxUseCase;

/** Against another chain, or one not yet compared, the outbox sends nothing and the index reads nothing. */
class SameChainOnlyTest {

    private final AtomicInteger ticks = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();
    private ChainIdentityVerdict.State state = ChainIdentityVerdict.State.OTHER;

    private final ChainIdentityUseCase identity = new ChainIdentityUseCase() {
        @Override
        public Mono<Boolean> isSameChain() {
            return Mono.fromSupplier(() -> verdict().isSameChain());
        }

        @Override
        public ChainIdentityVerdict verdict() {
            return new ChainIdentityVerdict(state, Optional.empty(), Instant.EPOCH);
        }
    };

    private final SendOutboxUseCase sender = new SendOutboxUseCase() {
        @Override
        public Mono<Boolean> tick() {
            return Mono.fromSupplier(() -> ticks.incrementAndGet() > 0);
        }

        @Override
        public Mono<Void> stop() {
            return Mono.fromRunnable(stops::incrementAndGet);
        }
    };

    @Test
    void nothingIsSentNorIndexedAgainstAnotherOrAnUncheckedChainAndBothRunOnTheDatabasesChain() {
        SendOutboxUseCase outbox = SameChainOnly.outbox(identity, sender);
        var poll = SameChainOnly.task(identity, () -> Mono.fromRunnable(polls::incrementAndGet));

        for (ChainIdentityVerdict.State notSame : new ChainIdentityVerdict.State[] {
                ChainIdentityVerdict.State.OTHER, ChainIdentityVerdict.State.UNKNOWN}) {
            state = notSame;
            assertThat(outbox.tick().block()).as("nothing moved").isFalse();
            poll.get().block();
        }
        assertThat(ticks).hasValue(0);
        assertThat(polls).hasValue(0);

        state = ChainIdentityVerdict.State.SAME;
        assertThat(outbox.tick().block()).isTrue();
        poll.get().block();
        assertThat(ticks).hasValue(1);
        assertThat(polls).hasValue(1);

        outbox.stop().block();
        assertThat(stops).hasValue(1);
    }
}
