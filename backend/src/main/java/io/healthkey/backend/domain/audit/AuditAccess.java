package io.healthkey.backend.domain.audit;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

/**
 * Who sees a patient's audit (records, readers, consent history, reads, read receipts): the patient alone; and who
 * sees the grants made to an account: that account alone.
 */
public final class AuditAccess {

    private AuditAccess() {
    }

    /** Throws {@code REQUEST-0007} unless {@code viewer} is {@code patient}. */
    public static void requireSelf(EthAddress viewer, EthAddress patient) {
        if (!viewer.equals(patient)) {
            throw new DomainException(ErrorCode.REQUEST_NOT_PATIENT, "only the patient sees their own audit");
        }
    }

    /** Throws {@code AUDIT-0003} unless {@code viewer} is {@code grantee}. */
    public static void requireGrantee(EthAddress viewer, EthAddress grantee) {
        if (!viewer.equals(grantee)) {
            throw new DomainException(ErrorCode.AUDIT_NOT_GRANTEE, "only the grantee sees the grants made to it");
        }
    }
}
