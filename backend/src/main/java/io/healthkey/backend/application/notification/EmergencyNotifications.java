package io.healthkey.backend.application.notification;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.backend.domain.notification.NotificationType;
import io.healthkey.protocol.EthAddress;

/**
 * What a patient is told of emergency access to its records: a request ({@code emergency.requested}) and a window
 * opened ({@code emergency.window.opened}). Chain metadata only, as every notification: the requester, round, times,
 * the reason's hash and where on chain; never the reason in clear (a webhook endpoint is a third party: the patient
 * reads the reason in its review).
 */
final class EmergencyNotifications {

    /** A notification and the patient it is for. */
    record Told(EthAddress patient, NotificationEvent event) {
    }

    private EmergencyNotifications() {
    }

    static Optional<Told> of(ChainEvent.Emergency event) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("requester", event.requester().toString());
        NotificationType type;
        if (event.name().equals("EmergencyAccessRequested")) {
            type = NotificationType.EMERGENCY_REQUESTED;
            data.put("round", Long.toString(event.round()));
            data.put("purpose", Integer.toString(event.purpose()));
            data.put("approvalsUntil", Long.toString(event.until()));
        } else if (event.name().equals("EmergencyWindowOpened")) {
            type = NotificationType.EMERGENCY_WINDOW_OPENED;
            data.put("until", Long.toString(event.until()));
        } else {
            return Optional.empty();
        }
        event.reasonHash().ifPresent(hash -> data.put("reasonHash", hash.toHex()));
        data.put("transaction", event.at().transactionHash());
        data.put("block", Long.toString(event.at().blockNumber()));
        return Optional.of(new Told(event.patient(), new NotificationEvent(type, data)));
    }
}
