package io.healthkey.backend.domain.chain;

/** What a relayed transaction did. */
public enum RelayKind {
    GRANT,
    REVOCATION,
    ANCHOR,
    KEY_PUBLICATION,
    AUDIT_ROOT,
    /** A patient's signed nonce cancellation ({@code cancelNoncesBySig}). */
    NONCE_CANCELLATION
}
