package io.healthkey.protocol.siwe;

import io.healthkey.protocol.MalformedEncodingException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An RFC 3339 {@code date-time} as it stands in a Sign-In with Ethereum message, with the instant it denotes.
 *
 * <p>Guarantees: {@link #text()} is exactly the text that was parsed (offset, fraction digits and case kept), so a
 * parsed message formats back to the bytes that were signed; the date and time are valid calendar values. Leap
 * seconds ({@code :60}) are refused: {@link java.time} cannot represent them.
 */
public final class SiweTime {

    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
    /** What {@code Date.prototype.toISOString} writes, and so what the npm siwe package does. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String text;
    private final Instant instant;

    private SiweTime(String text, Instant instant) {
        this.text = text;
        this.instant = instant;
    }

    /**
     * Parses an RFC 3339 {@code date-time}.
     *
     * @throws MalformedEncodingException if the text is not one, or names no valid date and time
     */
    public static SiweTime parse(String text) {
        if (text == null || !RFC_3339.matcher(text).matches()) {
            throw new MalformedEncodingException("not an RFC 3339 date-time: " + abbreviate(text));
        }
        try {
            Instant instant = OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
            return new SiweTime(text, instant);
        } catch (DateTimeException e) {
            throw new MalformedEncodingException("not a valid date and time: " + abbreviate(text));
        }
    }

    /** The instant in UTC with milliseconds ({@code 2026-11-25T10:00:00.000Z}), as JavaScript writes it. */
    public static SiweTime of(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        Instant millis = Instant.ofEpochMilli(instant.toEpochMilli());
        return new SiweTime(ISO_MILLIS.format(millis), millis);
    }

    public String text() {
        return text;
    }

    public Instant instant() {
        return instant;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SiweTime that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "none";
        }
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
