package io.healthkey.backend.application.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.notification.NotificationType;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/** What the patient is told of emergency events: who and until when, the reason's hash, never the reason. */
class EmergencyNotificationsTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x" + "11".repeat(20));
    private static final EthAddress DOCTOR = EthAddress.parse("0x" + "22".repeat(20));
    private static final Bytes32 HASH = Bytes32.parse("0x" + "ab".repeat(32));

    @Test
    void aRequestAndAnOpenedWindowAreToldToThePatientTheyConcern() {
        var requested = EmergencyNotifications.of(event("EmergencyAccessRequested", 3, 1_800_000_000L)).orElseThrow();
        var opened = EmergencyNotifications.of(event("EmergencyWindowOpened", 0, 1_800_003_600L)).orElseThrow();

        assertThat(requested.patient()).isEqualTo(PATIENT);
        assertThat(requested.event().type()).isEqualTo(NotificationType.EMERGENCY_REQUESTED);
        assertThat(requested.event().data()).containsEntry("requester", DOCTOR.toString())
                .containsEntry("round", "3").containsEntry("reasonHash", HASH.toHex());
        assertThat(opened.event().type()).isEqualTo(NotificationType.EMERGENCY_WINDOW_OPENED);
        assertThat(opened.event().data()).containsEntry("until", "1800003600");
    }

    @Test
    void approvalsAndClosuresAreNotPushed() {
        assertThat(EmergencyNotifications.of(event("EmergencyAccessApproved", 1, 0))).isEmpty();
        assertThat(EmergencyNotifications.of(event("EmergencyAccessClosed", 1, 0))).isEmpty();
    }

    private static ChainEvent.Emergency event(String name, long round, long until) {
        return new ChainEvent.Emergency(new LogPosition(9, 0, "0x" + "b0".repeat(32), "0x" + "70".repeat(32), 1),
                EthAddress.parse("0x" + "e1".repeat(20)), name, PATIENT, DOCTOR, round, until, 2, Optional.of(HASH),
                Optional.empty(), 0);
    }
}
