package io.healthkey.backend.application.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import io.healthkey.backend.domain.emergency.EmergencyEpisode;
import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.backend.domain.emergency.EmergencyReason;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.support.Patients;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.eip712.EmergencyMessage;

/** The patient's review: one entry per request, with who approved, the window, the closure and what was read. */
class EmergencyReviewServiceTest {

    private static final String REASON = "unconscious in the ER";
    private static final Bytes32 HASH = EmergencyMessage.reasonHash(REASON);

    private final EthAddress patient = Patients.newAddress();
    private final EthAddress doctor = Patients.newAddress();
    private final EthAddress first = Patients.newAddress();
    private final EthAddress second = Patients.newAddress();
    private final InMemoryEmergencyEvents events = new InMemoryEmergencyEvents();
    private final InMemoryEmergencyReasons reasons = new InMemoryEmergencyReasons();
    private final EmergencyReviewService service = new EmergencyReviewService(events, events, reasons);

    @Test
    void aRequestTwoApprovalsItsWindowAndTheReadsThroughItMakeOneEntryWithTheReasonInClear() {
        RecordId summary = RecordId.of(patient, Category.BUNDLE, 1);
        newestFirst(event("EmergencyAccessRequested", 10, 1, 0, Optional.empty()),
                event("EmergencyAccessApproved", 11, 1, 0, Optional.of(first)),
                event("EmergencyAccessApproved", 12, 1, 0, Optional.of(second)),
                event("EmergencyWindowOpened", 12, 0, 5000, Optional.empty()));
        EmergencyRead read = new EmergencyRead(summary, doctor, Instant.ofEpochSecond(1300), Instant.ofEpochSecond(5000),
                tx(12));
        events.flagged.add(read);
        reasons.save(new EmergencyReason(patient, doctor, HASH, REASON, Instant.EPOCH)).block();

        List<EmergencyEpisode> review = service.review(patient, patient).collectList().block();

        assertThat(review).singleElement().satisfies(entry -> {
            assertThat(entry.requester()).isEqualTo(doctor);
            assertThat(entry.reason()).contains(REASON);
            assertThat(entry.approvals()).extracting(EmergencyEpisode.Approval::keyholder).containsExactly(first, second);
            assertThat(entry.window()).contains(new EmergencyEpisode.Window(Instant.ofEpochSecond(1200),
                    Instant.ofEpochSecond(5000), tx(12)));
            assertThat(entry.closedAt()).isEmpty();
            assertThat(entry.reads()).containsExactly(read);
        });
    }

    @Test
    void aNewRoundIsANewEntryAndAClosureEndsItsOwnRound() {
        newestFirst(event("EmergencyAccessRequested", 10, 1, 0, Optional.empty()),
                event("EmergencyAccessClosed", 11, 1, 0, Optional.empty()),
                event("EmergencyAccessRequested", 20, 2, 0, Optional.empty()),
                event("EmergencyAccessApproved", 21, 2, 0, Optional.of(first)));

        List<EmergencyEpisode> review = service.review(patient, patient).collectList().block();

        assertThat(review).extracting(EmergencyEpisode::round).containsExactly(2L, 1L);
        assertThat(review.get(0).closedAt()).isEmpty();
        assertThat(review.get(0).window()).as("one approval opens nothing").isEmpty();
        assertThat(review.get(1).closedAt()).contains(Instant.ofEpochSecond(1100));
    }

    @Test
    void isThePatientsAlone() {
        StepVerifier.create(service.review(doctor, patient))
                .expectErrorSatisfies(error -> assertThat(((DomainException) error).errorCode())
                        .isEqualTo(ErrorCode.REQUEST_NOT_PATIENT))
                .verify();
    }

    private void newestFirst(ChainEvent.Emergency... oldestFirst) {
        for (ChainEvent.Emergency event : oldestFirst) {
            events.events.add(0, event);
        }
    }

    private ChainEvent.Emergency event(String name, long block, long round, long until, Optional<EthAddress> keyholder) {
        return new ChainEvent.Emergency(new LogPosition(block, 0, "0x" + "b0".repeat(32), tx(block), block * 100),
                FakeEmergencyAccess.ADDRESS, name, patient, doctor, round, until, 2,
                name.equals("EmergencyAccessApproved") || name.equals("EmergencyAccessClosed") ? Optional.empty()
                        : Optional.of(HASH), keyholder, keyholder.isPresent() ? 1 : 0);
    }

    private static String tx(long block) {
        return "0x" + String.format("%064x", block);
    }
}
