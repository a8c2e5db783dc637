package io.healthkey.backend.domain.notification;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What happened, as the patient is told it: a {@link NotificationType} and a few string fields (addresses, ids,
 * hashes, times). Never health data and never a key: the payload travels to third-party endpoints the patient names,
 * and each field's name and value is checked against a narrow alphabet so that free text cannot slip in.
 *
 * @param data ordered by name, so the JSON of one event is always the same bytes
 */
public record NotificationEvent(NotificationType type, Map<String, String> data) {

    /** Camel-case names, at most 32 characters. */
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,31}");
    /** Hex, decimal, ISO-8601 times and wire names: no spaces, quotes or free text. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9.:_+-]{0,128}");
    private static final int MAX_FIELDS = 16;

    public NotificationEvent {
        Objects.requireNonNull(type, "type");
        if (data.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("a notification carries at most " + MAX_FIELDS + " fields");
        }
        data.forEach((name, value) -> {
            if (!NAME.matcher(name).matches() || !VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("notification field " + name + " is not a short identifier");
            }
        });
        data = java.util.Collections.unmodifiableMap(new TreeMap<>(data));
    }
}
