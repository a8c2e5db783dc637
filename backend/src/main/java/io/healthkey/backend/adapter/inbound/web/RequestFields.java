package io.healthkey.backend.adapter.inbound.web;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.keywrap.WrappedKey;

/**
 * Parses request fields into protocol values. A missing or invalid field fails with
 * {@code REQUEST-0002} naming the field; the value itself is never echoed.
 */
final class RequestFields {

    private static final String ADDRESS = "0x and 40 hex digits";
    private static final String HEX_32 = "0x and 64 hex digits";
    private static final String WRAPPED_KEY = "0x and " + 2 * WrappedKey.LENGTH + " hex digits (a record key wrapped "
            + "with ECIES, " + WrappedKey.LENGTH + " bytes)";
    private static final int WRAPPED_KEY_HEX_LENGTH = 2 + 2 * WrappedKey.LENGTH;

    private RequestFields() {
    }

    static EthAddress address(String field, String value) {
        return parse(field, value, EthAddress::parse, ADDRESS);
    }

    static RecordId recordId(String field, String value) {
        return parse(field, value, RecordId::parse, HEX_32);
    }

    static Bytes32 bytes32(String field, String value) {
        return parse(field, value, Bytes32::parse, HEX_32);
    }

    /** Exactly {@code length} bytes in hex, checked for length before it is decoded. */
    static byte[] bytes(String field, String value, int length) {
        String text = required(field, value).strip();
        String format = "0x and " + 2 * length + " hex digits (" + length + " bytes)";
        if (text.length() != 2 + 2 * length) {
            throw invalid(field, "must be " + format);
        }
        return parse(field, text, hex -> Hex.decode(hex, length, field), format);
    }

    static Scope scope(String field, EthAddress patient, String value) {
        return parse(field, value, hex -> Scope.fromBytes32(patient, Bytes32.parse(hex)), HEX_32);
    }

    /** An action by its code ({@code 1}) or its name ({@code READ}). */
    static Action action(String field, String value) {
        return parse(field, value, text -> isDigits(text) ? Action.ofCode(Integer.parseInt(text))
                : Action.valueOf(text.toUpperCase(Locale.ROOT)));
    }

    /** A purpose by its code ({@code 1}) or its HL7 PurposeOfUse code ({@code TREAT}). */
    static Purpose purpose(String field, String value) {
        return parse(field, value, text -> isDigits(text) ? Purpose.ofCode(Integer.parseInt(text))
                : Purpose.ofHl7Code(text.toUpperCase(Locale.ROOT)));
    }

    /** A uint256 in decimal. */
    static BigInteger uint(String field, String value) {
        return parse(field, value, text -> {
            if (!isDigits(text) || text.length() > 78) {
                throw new IllegalArgumentException();
            }
            return new BigInteger(text);
        });
    }

    /** A positive id that fits a signed 64-bit integer, in decimal: a database row's id. */
    static long id(String field, String value) {
        return parse(field, value, text -> {
            if (!isDigits(text) || text.length() > 19) {
                throw new IllegalArgumentException();
            }
            long id = Long.parseLong(text);
            if (id < 1) {
                throw new IllegalArgumentException();
            }
            return id;
        });
    }

    /** Unix seconds in decimal. */
    static Instant epochSeconds(String field, String value) {
        return parse(field, value, text -> {
            if (!isDigits(text) || text.length() > 12) {
                throw new IllegalArgumentException();
            }
            return Instant.ofEpochSecond(Long.parseLong(text));
        });
    }

    static Category category(String field, String value) {
        String text = required(field, value).strip();
        if (!isDigits(text) || text.length() > 5) {
            throw invalid(field, "must be a category code, a decimal number");
        }
        return parse(field, text, code -> Category.ofCode(Integer.parseInt(code)));
    }

    static Optional<RecordId> optionalRecordId(String field, String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(recordId(field, value));
    }

    static EncryptionPublicKey encryptionKey(String field, String value) {
        return parse(field, value, EncryptionPublicKey::parse, "0x and 66 hex digits (a compressed secp256k1 public key)");
    }

    /**
     * A record key wrapped with ECIES for one reader: exactly {@link WrappedKey#LENGTH} bytes, the only length a
     * wrapped record key has, so that nothing longer reaches the database's column.
     */
    static WrappedKey wrappedKey(String field, String value) {
        String text = required(field, value).strip();
        if (text.length() != WRAPPED_KEY_HEX_LENGTH) {
            throw invalid(field, "must be " + WRAPPED_KEY);
        }
        return parse(field, text, WrappedKey::parse, WRAPPED_KEY);
    }

    static AccountSignature signature(String field, String value) {
        return parse(field, value, AccountSignature::parse, "0x and 2 to " + 2 * AccountSignature.MAX_BYTES
                + " hex digits: an account's signature (65 bytes r, s, v for a key; a contract wallet's own "
                + "encoding; an ERC-6492 wrapper in canonical ABI encoding)");
    }

    static Cid cid(String field, String value) {
        return parse(field, value, Cid::parse, "a CIDv1 in base32 (b...)");
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    private static <T> T parse(String field, String value, Function<String, T> parser) {
        return parse(field, value, parser, null);
    }

    /** Parses the stripped value; a failure names the field and, when given, the {@code format} it must have. */
    private static <T> T parse(String field, String value, Function<String, T> parser, String format) {
        String text = required(field, value).strip();
        String expected = format == null ? "" : ": " + format;
        try {
            return parser.apply(text);
        } catch (ProtocolException e) {
            throw invalid(field, ProtocolFailures.reason(e) + expected);
        } catch (RuntimeException e) {
            throw invalid(field, "has an invalid format" + expected);
        }
    }

    private static boolean isDigits(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static DomainException invalid(String field, String why) {
        return new DomainException(ErrorCode.REQUEST_INVALID_FIELD, field + " " + why);
    }
}
