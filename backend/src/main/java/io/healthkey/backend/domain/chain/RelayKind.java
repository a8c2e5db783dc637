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
    /** An appointment of a caregiver, signed by the patient or an appointing caregiver ({@code appointCaregiverBySig}). */
    CAREGIVER_APPOINTMENT,
    /** A patient's signed revocation of a caregiver ({@code revokeCaregiverBySig}): its grants end with it. */
    CAREGIVER_REVOCATION,
    /** A patient's emergency keyholders, threshold, window and scopes ({@code EmergencyAccess.setupBySig}). */
    EMERGENCY_SETUP,
    /** An accredited provider's break-glass request ({@code requestAccessBySig}). */
    EMERGENCY_REQUEST,
    /** A keyholder's approval of a request's round ({@code approveBySig}; no nonce). */
    EMERGENCY_APPROVAL,
    /** A patient's closure of a window or pending request ({@code closeBySig}). */
    EMERGENCY_CLOSURE
}
