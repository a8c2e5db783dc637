package io.healthkey.backend.adapter.outbound.fault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.healthkey.backend.application.outbox.CrashPointPort;
import io.healthkey.backend.domain.chain.SendStep;

/**
 * Ends the JVM at once when the sender reaches one step: {@link Runtime#halt} runs no shutdown hook and flushes
 * nothing, as a {@code kill -9} would, but exits with {@link #EXIT_CODE}. Bound only when {@code healthkey.fault.halt-at} is set, by the fault tests.
 */
public final class HaltAtStep implements CrashPointPort {

    /**
     * What the halted process exits with: {@code EX_SOFTWARE}, which no signal gives (a SIGKILL gives 128 + 9), so
     * that a test tells a halt at the step it asked for from a kill or a crash.
     */
    public static final int EXIT_CODE = 70;

    private static final Logger log = LoggerFactory.getLogger(HaltAtStep.class);

    private final SendStep step;

    public HaltAtStep(SendStep step) {
        this.step = step;
    }

    @Override
    public void reached(SendStep reached) {
        if (reached == step) {
            log.warn("healthkey.fault.halt-at={}: halting now", step);
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
