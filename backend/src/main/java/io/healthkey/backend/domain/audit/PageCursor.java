package io.healthkey.backend.domain.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * A position in one audit list: the sort key of the last item a page showed. The next page holds the items after
 * it in the list's order, so items inserted meanwhile ahead of it never shift later pages, and none is shown twice.
 *
 * <p>Clients see it only as an opaque token (base64url, no padding) and must not build one. It is not signed: it
 * names a position in the caller's own list, which the caller may read anyway, so a forged one reveals nothing. A
 * token that is not exactly one this class writes for the same list is refused with {@code AUDIT-0001}, and the
 * message never repeats it.
 *
 * @param list which audit list the position is in ({@code reads}, {@code records}, {@code consents})
 * @param key the sort key: printable ASCII fields without {@code |}
 */
public record PageCursor(String list, List<String> key) {

    private static final String VERSION = "1";
    private static final int MAX_TOKEN = 256;
    private static final Pattern FIELD = Pattern.compile("[\\x21-\\x7b\\x7d\\x7e]{1,80}");

    public PageCursor {
        Objects.requireNonNull(list, "list");
        key = List.copyOf(key);
        if (key.isEmpty() || !FIELD.matcher(list).matches() || !key.stream().allMatch(f -> FIELD.matcher(f).matches())) {
            throw new IllegalArgumentException("a cursor's list and key fields are printable ASCII without '|'");
        }
    }

    public static PageCursor of(String list, String... key) {
        return new PageCursor(list, List.of(key));
    }

    /** The opaque token a client passes back as {@code cursor}. */
    public String token() {
        String plain = VERSION + "|" + list + "|" + String.join("|", key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** The position {@code token} names in {@code list}; {@code AUDIT-0001} if it is none. */
    public static PageCursor parse(String list, String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            throw malformed(list);
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException notBase64) {
            throw malformed(list);
        }
        String[] fields = plain.split("\\|", -1);
        if (fields.length < 3 || !fields[0].equals(VERSION) || !fields[1].equals(list)) {
            throw malformed(list);
        }
        try {
            PageCursor cursor = new PageCursor(list, List.of(fields).subList(2, fields.length));
            if (!cursor.token().equals(token)) {
                throw malformed(list);
            }
            return cursor;
        } catch (IllegalArgumentException notPrintable) {
            throw malformed(list);
        }
    }

    /** The key field {@code index} as a number; {@code AUDIT-0001} if it is none. */
    public long number(int index) {
        try {
            return Long.parseLong(field(index));
        } catch (NumberFormatException notANumber) {
            throw malformed(list);
        }
    }

    /** The key field {@code index}; {@code AUDIT-0001} if the key is shorter. */
    public String field(int index) {
        if (index >= key.size()) {
            throw malformed(list);
        }
        return key.get(index);
    }

    /** {@code AUDIT-0001} for a token that decodes but whose key does not fit {@code list}. */
    public DomainException malformed() {
        return malformed(list);
    }

    private static DomainException malformed(String list) {
        return new DomainException(ErrorCode.AUDIT_MALFORMED_CURSOR,
                "cursor is not one this service gave for the " + list + " list; start again without it");
    }
}
