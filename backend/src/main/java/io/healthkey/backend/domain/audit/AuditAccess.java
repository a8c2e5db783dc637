package io.healthkey.backend.domain.audit;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;

/** Who sees a patient's audit (records, readers, consent history, reads, read receipts): the patient alone. */
public final class AuditAccess {

    private AuditAccess() {
    }

    /** Throws {@code REQUEST-0007} unless {@code viewer} is {@code patient}. */
    public static void requireSelf(EthAddress viewer, EthAddress patient) {
        if (!viewer.equals(patient)) {
            throw new DomainException(ErrorCode.REQUEST_NOT_PATIENT, "only the patient sees their own audit");
        }
    }
}
