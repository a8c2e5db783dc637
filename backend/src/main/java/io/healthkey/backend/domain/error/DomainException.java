package io.healthkey.backend.domain.error;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one failure type of the domain and application layers. It carries a stable {@link ErrorCode};
 * the message is for people and must never contain keys, plaintext or signatures.
 *
 * <p>One class with a categorised code rather than a subclass per code: the category already decides
 * the handling, and a single table keeps codes, titles and categories from drifting apart.
 */
public final class DomainException extends RuntimeException {

    private final ErrorCode errorCode;
    private final Map<String, Object> properties;

    public DomainException(ErrorCode errorCode, String detail) {
        this(errorCode, detail, null);
    }

    public DomainException(ErrorCode errorCode, String detail, Throwable cause) {
        this(errorCode, detail, cause, Map.of());
    }

    private DomainException(ErrorCode errorCode, String detail, Throwable cause, Map<String, Object> properties) {
        super(detail, cause);
        this.errorCode = Objects.requireNonNull(errorCode);
        this.properties = properties;
    }

    /**
     * A failure that carries structured details for the client, e.g. a FHIR OperationOutcome. The values must be
     * plain data (maps, lists, strings, numbers) that serialise to JSON, and must never hold keys or plaintext.
     */
    public static DomainException withProperties(ErrorCode errorCode, String detail, Map<String, Object> properties) {
        return new DomainException(errorCode, detail, null, Map.copyOf(new LinkedHashMap<>(properties)));
    }

    /** Structured details for the client's problem+json, beside the code; empty for most failures. */
    public Map<String, Object> properties() {
        return properties;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String code() {
        return errorCode.code();
    }
}
