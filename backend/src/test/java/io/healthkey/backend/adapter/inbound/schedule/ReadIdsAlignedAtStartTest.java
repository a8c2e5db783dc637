package io.healthkey.backend.adapter.inbound.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import reactor.core.publisher.Mono;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/** Aligning at start comes before the web server, waits a bounded time, and never stops the service from starting. */
class ReadIdsAlignedAtStartTest {

    private static final Duration BOUND = Duration.ofMillis(200);

    @Test
    void alignsOnceBeforeTheWebServerStarts() {
        AtomicInteger aligned = new AtomicInteger();
        ReadIdsAlignedAtStart start = new ReadIdsAlignedAtStart(
                () -> Mono.fromRunnable(aligned::incrementAndGet), BOUND);

        start.start();

        assertThat(aligned).hasValue(1);
        assertThat(start.isRunning()).isTrue();
        // The reactive web server starts at DEFAULT_PHASE - 2048, below the graceful shutdown's phase.
        assertThat(start.getPhase()).isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024);
    }

    @Test
    @Timeout(30)
    void aChainThatFailsOrDoesNotAnswerDoesNotStopTheStart() {
        ReadIdsAlignedAtStart failing = new ReadIdsAlignedAtStart(
                () -> Mono.error(new DomainException(ErrorCode.CHAIN_UNAVAILABLE, "node down")), BOUND);
        ReadIdsAlignedAtStart silent = new ReadIdsAlignedAtStart(Mono::never, BOUND);

        failing.start();
        silent.start();

        assertThat(failing.isRunning()).isTrue();
        assertThat(silent.isRunning()).isTrue();
    }
}
