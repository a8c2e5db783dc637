package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.healthkey.backend.adapter.outbound.fault.HaltAtStep;
import io.healthkey.backend.domain.chain.SendStep;
import io.healthkey.backend.fault.FaultRequests.Accepted;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.FaultStackExtension;

/**
 * The backend as a separate process, stopped dead (Runtime.halt, as kill -9, but with its own exit code) at each
 * step of sending a grant and an upload's anchor, then killed with a real SIGKILL in the middle of a burst of
 * requests, mining paused so that what it sent waits unmined in the pool. After a restart on the same database:
 * every request answered 202 is CONFIRMED, took effect on chain once, and the relayer's nonces have no gap (each
 * transaction's success read from its receipt).
 */
@ExtendWith(FaultStackExtension.class)
class CrashRecoveryIT {

    private static final Duration HALTS_WITHIN = Duration.ofSeconds(90);
    private static final Duration BURST_WITHIN = Duration.ofSeconds(90);
    private static final int ACCEPTED_BEFORE_KILL = 3;
    private static final int BURST = 10;

    private final FaultStack stack;

    @TempDir
    Path data;

    CrashRecoveryIT(FaultStack stack) {
        this.stack = stack;
    }

    @Test
    void everyAcceptedRequestEndsConfirmedOnceAfterAHaltAtEachSendStepAndAKill() throws Exception {
        long firstNonce = stack.relayerNonce(DefaultBlockParameterName.PENDING);
        List<Accepted> accepted = new ArrayList<>();
        accepted.addAll(haltAtEachStep(FaultRequests::grant));
        accepted.addAll(haltAtEachStep(FaultRequests::upload));
        accepted.addAll(killDuringBurst());

        try (BackendProcess recovered = BackendProcess.start("crash-recovered", stack.backend(data))) {
            FaultRequests.awaitAllConfirmed(recovered, accepted);
        }
        FaultRequests.assertEachTookEffectOnce(stack, accepted);
        try (Connection database = FaultStack.database(data)) {
            FaultRequests.assertGapFree(stack, FaultStack.ledger(database), firstNonce);
        }
    }

    /**
     * Two requests of one kind: the first halts the process after signing and, restarted, after the commit; the
     * second after its broadcast and, restarted, before its receipt is recorded. The next process completes them.
     */
    private List<Accepted> haltAtEachStep(Function<BackendProcess, Accepted> submit) {
        List<Accepted> accepted = new ArrayList<>();
        accepted.add(submitThenHalt(SendStep.AFTER_SIGN, submit));
        haltOnRestart(SendStep.AFTER_COMMIT);
        accepted.add(submitThenHalt(SendStep.AFTER_BROADCAST, submit));
        haltOnRestart(SendStep.BEFORE_RECEIPT);
        return accepted;
    }

    private Accepted submitThenHalt(SendStep step, Function<BackendProcess, Accepted> submit) {
        BackendProcess backend = BackendProcess.start("crash-" + step, halting(step));
        try {
            Accepted accepted = submit.apply(backend);
            assertHaltedAt(backend, step);
            return accepted;
        } finally {
            backend.close();
        }
    }

    /** A restart that halts by itself: the request left behind by the last crash reaches {@code step}. */
    private void haltOnRestart(SendStep step) {
        BackendProcess backend = BackendProcess.launch("crash-" + step, halting(step));
        try {
            assertHaltedAt(backend, step);
        } finally {
            backend.close();
        }
    }

    /** The process ended by itself with the halt's own exit code, which no SIGKILL gives. */
    private static void assertHaltedAt(BackendProcess backend, SendStep step) {
        assertThat(backend.awaitExit(HALTS_WITHIN)).as("exit at %s", step).isEqualTo(HaltAtStep.EXIT_CODE)
                .isNotEqualTo(BackendProcess.SIGKILLED);
    }

    private Map<String, String> halting(SendStep step) {
        Map<String, String> properties = stack.backend(data);
        properties.put("healthkey.fault.halt-at", step.name());
        return properties;
    }

    /**
     * Grants and uploads sent one after another with mining paused; SIGKILL once {@value #ACCEPTED_BEFORE_KILL}
     * were accepted and the first is SENT, while the relayer's transactions wait unmined in the pool (checked). A
     * request cut off by the kill got no 202 and is not counted (it may still complete); any other failure of the
     * burst fails the test.
     */
    private List<Accepted> killDuringBurst() throws InterruptedException {
        BackendProcess backend = BackendProcess.start("crash-burst", stack.backend(data));
        List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean killing = new AtomicBoolean();
        Thread client = new Thread(() -> {
            for (int i = 0; i < BURST && !killing.get(); i++) {
                try {
                    accepted.add(i % 2 == 0 ? FaultRequests.grant(backend) : FaultRequests.upload(backend));
                } catch (RuntimeException | AssertionError failure) {
                    if (!killing.get()) {
                        failures.add(failure);
                    }
                    return;
                }
            }
        }, "burst");
        stack.automine(false);
        try {
            client.start();
            long deadline = System.nanoTime() + BURST_WITHIN.toNanos();
            while (accepted.size() < ACCEPTED_BEFORE_KILL && System.nanoTime() < deadline && client.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(failures).as("burst failures before the kill").isEmpty();
            assertThat(accepted.size()).as("accepted before the kill").isGreaterThanOrEqualTo(ACCEPTED_BEFORE_KILL);
            FaultRequests.awaitStatus(backend, accepted.get(0), "SENT");
            assertThat(stack.relayerNonce(DefaultBlockParameterName.PENDING)).as("relayer transactions in the pool")
                    .isGreaterThan(stack.relayerNonce(DefaultBlockParameterName.LATEST));
            killing.set(true);
            assertThat(backend.kill()).as("exit on SIGKILL").isEqualTo(BackendProcess.SIGKILLED);
            client.join(BURST_WITHIN.toMillis());
            assertThat(client.isAlive()).as("burst client still running").isFalse();
            assertThat(failures).as("burst failures").isEmpty();
        } finally {
            backend.close();
            stack.automine(true);
            stack.mine();
        }
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }
}
