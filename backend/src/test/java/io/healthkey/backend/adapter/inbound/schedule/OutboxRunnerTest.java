package io.healthkey.backend.adapter.inbound.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.outbox.OutboxMetricsPort;
import io.healthkey.backend.application.outbox.SendOutboxUseCase;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

/**
 * The runner on virtual time, with a sender whose rounds answer what each test queues (or stay in flight until the
 * test ends them): rounds one at a time, again at once while busy, else after a wake-up or the poll interval; stop
 * lets the round in flight end before the lease is given up.
 */
class OutboxRunnerTest {

    private static final Duration POLL = Duration.ofSeconds(5);

    private VirtualTimeScheduler time;
    private final ScriptedSender sender = new ScriptedSender();
    private final OutboxSignal signal = new OutboxSignal();
    private final List<Map<ChainRequestStatus, Long>> depths = new ArrayList<>();
    private OutboxRunner runner;

    @BeforeEach
    void virtualTime() {
        time = VirtualTimeScheduler.getOrSet();
        runner = new OutboxRunner(sender, signal, POLL, new CountingRequests(), new DepthGauge(depths), time);
    }

    @AfterEach
    void realTime() {
        if (runner.isRunning()) {
            runner.stop(() -> { });
            sender.endRoundInFlight(false);
            time.advanceTime();
        }
        VirtualTimeScheduler.reset();
    }

    @Test
    void goesAgainAtOnceWhileARoundMovesSomethingThenWaitsForThePollInterval() {
        sender.answers.addAll(List.of(Mono.just(true), Mono.just(true), Mono.just(false)));
        runner.start();
        time.advanceTime();
        assertThat(sender.rounds).hasValue(3);

        time.advanceTimeBy(POLL.minusMillis(1));
        assertThat(sender.rounds).hasValue(3);
        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(sender.rounds).hasValue(4);
    }

    @Test
    void aNewRequestWakesTheSenderBeforeThePollInterval() {
        runner.start();
        time.advanceTime();
        assertThat(sender.rounds).hasValue(1);

        signal.wake();
        time.advanceTime();

        assertThat(sender.rounds).hasValue(2);
    }

    @Test
    void aWakeUpDuringARoundIsKeptForTheWaitThatFollows() {
        sender.answers.add(sender.heldRound());
        runner.start();
        time.advanceTime();

        signal.wake();
        sender.endRoundInFlight(false);
        time.advanceTime();

        assertThat(sender.rounds).as("the next round without waiting for the poll interval").hasValue(2);
    }

    @Test
    void roundsNeverOverlapWhateverWakesTheSender() {
        sender.answers.add(sender.heldRound());
        runner.start();
        time.advanceTime();

        signal.wake();
        signal.wake();
        time.advanceTimeBy(POLL.multipliedBy(3));

        assertThat(sender.rounds).hasValue(1);
        assertThat(sender.overlapped).isFalse();
    }

    @Test
    void aFailedRoundIsRetriedAfterThePollInterval() {
        sender.answers.add(Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "node down")));
        runner.start();
        time.advanceTime();
        assertThat(sender.rounds).hasValue(1);

        time.advanceTimeBy(POLL);

        assertThat(sender.rounds).hasValue(2);
        assertThat(runner.isRunning()).isTrue();
    }

    @Test
    void aSenderThatThrowsInsteadOfAnsweringDoesNotEndTheRounds() {
        sender.throwOnNextRound = true;
        runner.start();
        time.advanceTime();
        assertThat(sender.rounds).hasValue(1);

        time.advanceTimeBy(POLL);

        assertThat(sender.rounds).hasValue(2);
    }

    @Test
    void stopLetsTheRoundInFlightEndThenGivesTheLeaseUp() {
        sender.answers.add(sender.heldRound());
        runner.start();
        time.advanceTime();
        AtomicBoolean stopped = new AtomicBoolean();

        runner.stop(() -> stopped.set(true));
        time.advanceTime();
        assertThat(sender.released).as("not while the round is in flight").isFalse();
        assertThat(stopped).isFalse();

        sender.endRoundInFlight(true);
        time.advanceTime();
        assertThat(sender.released).isTrue();
        assertThat(stopped).isTrue();
        time.advanceTimeBy(POLL.multipliedBy(3));
        assertThat(sender.rounds).as("no round after stop, busy or not").hasValue(1);
    }

    @Test
    void stopGivesTheLeaseUpAfterItsTimeoutIfTheRoundInFlightNeverEnds() {
        sender.answers.add(sender.heldRound());
        runner.start();
        time.advanceTime();
        AtomicBoolean stopped = new AtomicBoolean();

        runner.stop(() -> stopped.set(true));
        time.advanceTimeBy(Duration.ofSeconds(9));
        assertThat(sender.released).isFalse();
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(sender.released).isTrue();
        assertThat(stopped).isTrue();
    }

    @Test
    void refreshesTheDepthGaugeAfterARoundAtMostOnceASecond() {
        sender.answers.addAll(List.of(Mono.just(true), Mono.just(true), Mono.just(false)));
        runner.start();
        time.advanceTime();
        assertThat(depths).containsExactly(Map.of(ChainRequestStatus.ACCEPTED, 3L));

        time.advanceTimeBy(POLL);

        assertThat(depths).hasSize(2);
    }

    /**
     * Answers each round with the next queued Mono, or idle ({@code false}) when none is queued; a round answered
     * with {@link #heldRound()} stays in flight until {@link #endRoundInFlight}.
     */
    private static final class ScriptedSender implements SendOutboxUseCase {

        final Deque<Mono<Boolean>> answers = new ArrayDeque<>();
        final AtomicInteger rounds = new AtomicInteger();
        boolean overlapped;
        boolean released;
        boolean throwOnNextRound;
        private final Sinks.One<Boolean> held = Sinks.one();
        private boolean inFlight;

        @Override
        public Mono<Boolean> tick() {
            rounds.incrementAndGet();
            if (throwOnNextRound) {
                throwOnNextRound = false;
                throw new IllegalStateException("a bug in the sender");
            }
            overlapped |= inFlight;
            inFlight = true;
            Mono<Boolean> answer = answers.isEmpty() ? Mono.just(false) : answers.poll();
            return answer.doFinally(ended -> inFlight = false);
        }

        Mono<Boolean> heldRound() {
            return held.asMono();
        }

        void endRoundInFlight(boolean busy) {
            held.tryEmitValue(busy);
        }

        @Override
        public Mono<Void> stop() {
            return Mono.fromRunnable(() -> released = true);
        }
    }

    private record DepthGauge(List<Map<ChainRequestStatus, Long>> depths) implements OutboxMetricsPort {

        @Override
        public void confirmed(Duration sinceAccepted) {
        }

        @Override
        public void failed(String code) {
        }

        @Override
        public void depth(Map<ChainRequestStatus, Long> counts) {
            depths.add(counts);
        }
    }

    /** Counts three accepted requests; the runner reads nothing else. */
    private static final class CountingRequests implements ChainRequestPort {

        @Override
        public Mono<Map<ChainRequestStatus, Long>> countByStatus() {
            return Mono.just(Map.of(ChainRequestStatus.ACCEPTED, 3L));
        }

        @Override
        public Mono<Void> save(ChainRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Void> insert(ChainRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<ChainRequest> find(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flux<ChainRequest> waiting(int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flux<ChainRequest> carriedBy(String outboxTransactionId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flux<ChainRequest> carriedByAny(Collection<String> outboxTransactionIds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flux<ChainRequest> unsettled(EthAddress account) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Flux<EthAddress> sendingAccounts() {
            throw new UnsupportedOperationException();
        }
    }
}
