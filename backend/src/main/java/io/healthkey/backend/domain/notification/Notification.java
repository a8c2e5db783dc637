package io.healthkey.backend.domain.notification;

import java.time.Instant;
import java.util.Objects;

import io.healthkey.protocol.EthAddress;

/**
 * A {@link NotificationEvent} stored for one patient.
 *
 * @param id increasing across all patients: a stream resumes after the last id it saw ({@code Last-Event-ID})
 */
public record Notification(long id, EthAddress patient, NotificationEvent event, Instant at) {

    public Notification {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
    }

    /**
     * The JSON every channel carries, the same bytes each time: {@code {"id","type","timestamp","patient","data"}},
     * the shape the Standard Webhooks specification recommends. The values need no escaping beyond what
     * {@link NotificationEvent} already rules out, but are escaped anyway.
     */
    public String json() {
        StringBuilder json = new StringBuilder(128).append("{\"id\":\"").append(id)
                .append("\",\"type\":").append(quoted(event.type().wireName()))
                .append(",\"timestamp\":").append(quoted(at.toString()))
                .append(",\"patient\":").append(quoted(patient.toString()))
                .append(",\"data\":{");
        String separator = "";
        for (var field : event.data().entrySet()) {
            json.append(separator).append(quoted(field.getKey())).append(':').append(quoted(field.getValue()));
            separator = ",";
        }
        return json.append("}}").toString();
    }

    private static String quoted(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
