package io.healthkey.backend.application.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.test.StepVerifier;

import io.healthkey.backend.application.index.ChainTime;
import io.healthkey.backend.application.record.IndexedAnchors;
import io.healthkey.backend.application.recovery.CurrentKits;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.backend.domain.emergency.EmergencyWindow;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.support.fakes.RecordStack;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.RecordId;

/**
 * Reads through an emergency window over the record fakes: the index's window and the contract's answer both needed,
 * a suspended provider refused, every attempt in the read log, an allowed one flagged and its record marked for
 * re-keying, and nothing after the window.
 */
class EmergencyReadServiceTest {

    private static final byte[] SUMMARY = "an IPS bundle, encrypted".getBytes(StandardCharsets.UTF_8);

    private final RecordStack stack = new RecordStack(DefaultDataBufferFactory.sharedInstance);
    private final InMemoryEmergencyEvents events = new InMemoryEmergencyEvents();
    private final FakeEmergencyAccess chain = new FakeEmergencyAccess();
    private final RecordId summary = RecordId.of(stack.patient.address(), Category.BUNDLE, 1);
    private final EmergencyWindow window = new EmergencyWindow(stack.patient.address(), stack.provider.address(),
            RecordStack.NOW.minusSeconds(60), RecordStack.NOW.plus(Duration.ofMinutes(30)),
            Bytes32.parse("0x" + "ab".repeat(32)), "0x" + "77".repeat(32));
    private final EmergencyReadService service = new EmergencyReadService(events, chain, stack.directory,
            new IndexedAnchors(stack.index.indexer(), stack.index, stack.registry, stack.clock), stack.content,
            stack.records, stack.readLog, events, new CurrentKits(stack.records, stack.recovery,
                    new IndexedAnchors(stack.index.indexer(), stack.index, stack.registry, stack.clock), stack.content,
                    RecordStack.CHAIN_ID, Category.EMERGENCY_KIT), stack.clock,
            ChainTime.following(stack.index.indexer(), stack.clock));

    EmergencyReadServiceTest() {
        stack.anchored(summary, stack.patient, SUMMARY);
        stack.directory.accredit(stack.provider.address(), ProviderStatus.ACTIVE);
    }

    @Test
    void anOpenWindowServesTheCiphertextAndTheReadIsLoggedFlaggedAndMarkedForRekeying() {
        openWindowOnTheSummary();

        EmergencyContent content = service.read(stack.provider.address(), summary).block();

        assertThat(bytes(content)).isEqualTo(SUMMARY);
        assertThat(stack.readLog.entries()).containsExactly(new ReadEntry(summary, stack.provider.address(), true,
                Optional.empty(), Optional.empty(), RecordStack.NOW));
        assertThat(events.flagged).containsExactly(new EmergencyRead(summary, stack.provider.address(),
                RecordStack.NOW, window.until(), window.transactionHash()));
        assertThat(stack.records.find(summary).block().rekeyRequired()).isTrue();
    }

    @Test
    void afterTheWindowEndsTheReadIsRefusedWith0022AndLoggedAsDenied() {
        openWindowOnTheSummary();
        stack.clock.now = window.until();

        expect0022();

        assertThat(stack.readLog.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.allowed()).isFalse();
            assertThat(entry.deniedCode()).contains("EMERGENCY-0022");
        });
        assertThat(events.flagged).isEmpty();
        assertThat(stack.records.find(summary).block().rekeyRequired()).isFalse();
    }

    @Test
    void aSuspendedProviderReadsNothingEvenInsideItsWindow() {
        openWindowOnTheSummary();
        stack.directory.accredit(stack.provider.address(), ProviderStatus.SUSPENDED);

        expect0022();
        assertThat(events.flagged).isEmpty();
    }

    @Test
    void aRecordTheContractSaysTheWindowDoesNotOpenIsRefused() {
        events.windows.add(window); // indexed, but the setup's scopes leave the record out (or a newer setup)

        expect0022();
        assertThat(events.flagged).isEmpty();
    }

    @Test
    void withoutAnIndexedWindowTheChainIsNotAsked() {
        chain.openWindows.add(stack.provider.address() + " " + summary.toHex());

        expect0022();
        assertThat(events.windowLookups).isEqualTo(1);
    }

    private void openWindowOnTheSummary() {
        events.windows.add(window);
        chain.openWindows.add(stack.provider.address() + " " + summary.toHex());
    }

    private void expect0022() {
        StepVerifier.create(service.read(stack.provider.address(), summary))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(DomainException.class,
                        refused -> assertThat(refused.errorCode()).isEqualTo(ErrorCode.EMERGENCY_NO_OPEN_WINDOW)))
                .verify();
    }

    private static byte[] bytes(EmergencyContent content) {
        return content.bytes().reduce(new byte[0], (soFar, chunk) -> {
            ByteBuffer copy = chunk.duplicate();
            byte[] joined = new byte[soFar.length + copy.remaining()];
            System.arraycopy(soFar, 0, joined, 0, soFar.length);
            copy.get(joined, soFar.length, copy.remaining());
            return joined;
        }).block();
    }
}
