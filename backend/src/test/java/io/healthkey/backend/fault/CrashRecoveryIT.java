package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;

import io.healthkey.backend.adapter.outbound.fault.HaltAtStep;
import io.healthkey.backend.domain.chain.SendStep;
import io.healthkey.backend.fault.FaultRequests.Accepted;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.LocalStackExtension;

/**
 * The backend as a separate process, stopped dead (Runtime.halt, as kill -9) at each step of sending a grant and
 * an upload's anchor, then killed with a real SIGKILL in the middle of a burst of requests. After a restart on the
 * same H2 files: every request answered 202 is CONFIRMED, took effect on chain once, and the relayer's nonces have
 * no gap.
 */
@ExtendWith(LocalStackExtension.class)
class CrashRecoveryIT {

    private static final Duration HALTS_WITHIN = Duration.ofSeconds(90);
    private static final Duration BURST_WITHIN = Duration.ofSeconds(90);
    private static final int ACCEPTED_BEFORE_KILL = 3;
    private static final int BURST = 10;

    private static FaultStack stack;

    @TempDir
    Path data;

    @BeforeAll
    static void openStack() {
        stack = FaultStack.open();
    }

    @AfterAll
    static void closeStack() {
        stack.close();
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
            assertThat(backend.awaitExit(HALTS_WITHIN)).as("exit at %s", step).isEqualTo(HaltAtStep.EXIT_CODE);
            return accepted;
        } finally {
            backend.close();
        }
    }

    /** A restart that halts by itself: the request left behind by the last crash reaches {@code step}. */
    private void haltOnRestart(SendStep step) {
        BackendProcess backend = BackendProcess.launch("crash-" + step, halting(step));
        try {
            assertThat(backend.awaitExit(HALTS_WITHIN)).as("exit at %s", step).isEqualTo(HaltAtStep.EXIT_CODE);
        } finally {
            backend.close();
        }
    }

    private Map<String, String> halting(SendStep step) {
        Map<String, String> properties = stack.backend(data);
        properties.put("healthkey.fault.halt-at", step.name());
        return properties;
    }

    /**
     * Grants and uploads sent one after another; SIGKILL once {@value #ACCEPTED_BEFORE_KILL} were accepted, while
     * the sender works on them. A request cut off by the kill got no 202 and is not counted (it may still complete).
     */
    private List<Accepted> killDuringBurst() throws InterruptedException {
        BackendProcess backend = BackendProcess.start("crash-burst", stack.backend(data));
        List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger count = new AtomicInteger();
        Thread client = new Thread(() -> {
            for (int i = 0; i < BURST && backend.isAlive(); i++) {
                try {
                    accepted.add(i % 2 == 0 ? FaultRequests.grant(backend) : FaultRequests.upload(backend));
                    count.incrementAndGet();
                } catch (RuntimeException | AssertionError cutOff) {
                    return;
                }
            }
        }, "burst");
        try {
            client.start();
            long deadline = System.nanoTime() + BURST_WITHIN.toNanos();
            while (count.get() < ACCEPTED_BEFORE_KILL && System.nanoTime() < deadline && client.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(count.get()).as("accepted before the kill").isGreaterThanOrEqualTo(ACCEPTED_BEFORE_KILL);
            backend.kill();
            client.join(BURST_WITHIN.toMillis());
            assertThat(client.isAlive()).as("burst client still running").isFalse();
        } finally {
            backend.close();
        }
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }
}
