package io.healthkey.backend.domain.chain;

/** What a relayed transaction did. */
public enum RelayKind {
    GRANT,
    REVOCATION,
    ANCHOR,
    KEY_PUBLICATION,
    AUDIT_ROOT,
    /** A patient's signed nonce cancellation ({@code cancelNoncesBySig}). */
    NONCE_CANCELLATION,
    /** A patient's emergency keyholders, threshold, window and scopes ({@code EmergencyAccess.setupBySig}). */
    EMERGENCY_SETUP,
    /** An accredited provider's break-glass request ({@code requestAccessBySig}). */
    EMERGENCY_REQUEST,
    /** A keyholder's approval of a request's round ({@code approveBySig}; no nonce). */
    EMERGENCY_APPROVAL,
    /** A patient's closure of a window or pending request ({@code closeBySig}). */
    EMERGENCY_CLOSURE
}
