package io.healthkey.backend.domain.error;

/** What kind of failure an {@link ErrorCode} is; the web adapter maps each to one HTTP status. */
public enum ErrorCategory {
    /** The request is well-formed but breaks a rule; retrying it unchanged fails again. */
    INVALID,
    /** The request conflicts with the current state, e.g. a nonce that was already used. */
    CONFLICT,
    /** The caller may not do this. */
    DENIED,
    /** The thing asked for does not exist. */
    NOT_FOUND,
    /** A dependency (chain node, IPFS node, database) did not answer; retrying later may work. */
    UNAVAILABLE,
    /** A dependency answered in a way this service does not understand. */
    UPSTREAM,
    /** The caller did not prove who it is: no session token, or one that is invalid or expired. */
    UNAUTHENTICATED,
    /** The request body is larger than this service accepts. */
    TOO_LARGE,
    /** The request body's media type is not one this endpoint takes. */
    UNSUPPORTED_MEDIA_TYPE,
    /**
     * The request cannot be read at all: a body that is not JSON, a missing parameter, a URL the firewall refuses.
     */
    MALFORMED,
    /** The caller sent more than its allowance; the same request is accepted again after a wait. */
    RATE_LIMITED
}
