package io.healthkey.backend.domain.error;

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

    public DomainException(ErrorCode errorCode, String detail) {
        this(errorCode, detail, null);
    }

    public DomainException(ErrorCode errorCode, String detail, Throwable cause) {
        super(detail, cause);
        this.errorCode = Objects.requireNonNull(errorCode);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String code() {
        return errorCode.code();
    }
}
