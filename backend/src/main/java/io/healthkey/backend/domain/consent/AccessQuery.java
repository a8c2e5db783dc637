package io.healthkey.backend.domain.consent;

import java.util.Objects;

import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

/** May {@code grantee} take {@code action} on {@code record} of {@code patient}? */
public record AccessQuery(EthAddress patient, EthAddress grantee, RecordId record, Action action) {

    public AccessQuery {
        Objects.requireNonNull(patient);
        Objects.requireNonNull(grantee);
        Objects.requireNonNull(record);
        Objects.requireNonNull(action);
    }

    /**
     * The patient asking about one of their own records: always allowed, as the contract allows it. A patient asking
     * about another patient's record is not this case, even as their own grantee.
     */
    public boolean isPatientsOwnRecord() {
        return grantee.equals(patient) && record.patient().equals(patient);
    }
}
