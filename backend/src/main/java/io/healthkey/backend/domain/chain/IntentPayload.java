package io.healthkey.backend.domain.chain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a request's side effects need once it is mined (the consent change to log, for example), stored with the
 * request as {@code key=value} lines. Keys and values are short tokens (hex, numbers, names): no line breaks, no
 * '=' in keys; never health data or keys.
 */
public record IntentPayload(Map<String, String> values) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:,-]*");

    public IntentPayload {
        values = Map.copyOf(new LinkedHashMap<>(values));
        values.forEach((key, value) -> {
            if (key.isEmpty() || !TOKEN.matcher(key).matches() || !TOKEN.matcher(value).matches()) {
                throw new IllegalArgumentException("payload entries are short tokens: " + key);
            }
        });
    }

    public static IntentPayload empty() {
        return new IntentPayload(Map.of());
    }

    public static IntentPayload parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a payload line");
            }
            values.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return new IntentPayload(values);
    }

    public String require(String key) {
        return Objects.requireNonNull(values.get(key), () -> "payload has no " + key);
    }

    /** The stored form: one {@code key=value} line per entry, sorted by key. */
    public String format() {
        StringBuilder text = new StringBuilder();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> text.append(entry.getKey()).append('=').append(entry.getValue()).append('\n'));
        return text.toString();
    }
}
