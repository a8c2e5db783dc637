package io.healthkey.backend.domain.notification;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a notification tells the patient. {@link #wireName()} is the stable string in the stream's {@code event} field
 * and the webhook body's {@code type}: it never changes meaning once released, new kinds are added at the end.
 */
public enum NotificationType {
    CONSENT_GRANTED("consent.granted"),
    CONSENT_REVOKED("consent.revoked"),
    EMERGENCY_REQUESTED("emergency.requested"),
    EMERGENCY_WINDOW_OPENED("emergency.window.opened"),
    CAREGIVER_ACTED("caregiver.acted"),
    IDENTITY_GUARDIANS_CHANGED("identity.guardians.changed"),
    IDENTITY_RECOVERY_DELAY_CHANGED("identity.recovery.delay.changed"),
    IDENTITY_RECOVERY_APPROVED("identity.recovery.approved"),
    IDENTITY_RECOVERY_SCHEDULED("identity.recovery.scheduled"),
    IDENTITY_RECOVERY_EXECUTED("identity.recovery.executed"),
    IDENTITY_RECOVERY_CANCELLED("identity.recovery.cancelled");

    private final String wireName;

    NotificationType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<NotificationType> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
