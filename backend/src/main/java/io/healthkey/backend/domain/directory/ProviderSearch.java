package io.healthkey.backend.domain.directory;

import java.util.Locale;
import java.util.regex.Pattern;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

/**
 * What a directory search matches: a provider whose address starts with the prefix (hex, with or without
 * {@code 0x}, any case), or whose name starts with it at its beginning or at any word (case-insensitive): "mary's c"
 * finds "St Mary's Cardiology".
 */
public final class ProviderSearch {

    /** As long as a provider's name may be ({@code ParticipantDirectory}). */
    public static final int MAX_LENGTH = 128;
    /** Letters, digits, spaces and the punctuation of names; no control or format characters. */
    public static final String PATTERN = "^[\\p{L}\\p{M}\\p{N} .,'&()/-]{1," + MAX_LENGTH + "}$";
    private static final Pattern ALLOWED = Pattern.compile(PATTERN);
    private static final Pattern WORD_BREAK = Pattern.compile("[ .,'&()/-]");

    private final String prefix;

    private ProviderSearch(String prefix) {
        this.prefix = prefix;
    }

    /** {@code DIRECTORY-0010} for a prefix that is empty, too long or holds a character no name has. */
    public static ProviderSearch of(String prefix) {
        String trimmed = prefix.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_LENGTH || !ALLOWED.matcher(trimmed).matches()) {
            throw new DomainException(ErrorCode.DIRECTORY_INVALID_SEARCH, "a search is 1 to " + MAX_LENGTH
                    + " letters, digits, spaces or name punctuation: the start of a name, a word or an address");
        }
        return new ProviderSearch(trimmed.toLowerCase(Locale.ROOT));
    }

    public boolean matches(EthAddress address, String name) {
        String hex = withoutHexPrefix(address.toLowerHex());
        if (hex.startsWith(withoutHexPrefix(prefix))) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (int start = 0; start < lower.length(); start++) {
            boolean wordStart = start == 0 || WORD_BREAK.matcher(lower.substring(start - 1, start)).matches();
            if (wordStart && lower.startsWith(prefix, start)) {
                return true;
            }
        }
        return false;
    }

    private static String withoutHexPrefix(String text) {
        return text.startsWith("0x") ? text.substring(2) : text;
    }
}
