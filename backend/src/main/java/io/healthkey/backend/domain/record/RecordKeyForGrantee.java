package io.healthkey.backend.domain.record;

import java.util.Objects;

import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.keywrap.WrappedKey;

/** A record version's key, wrapped by the patient for the grantee of a grant they sign. */
public record RecordKeyForGrantee(RecordId record, WrappedKey wrappedKey) {

    public RecordKeyForGrantee {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
    }
}
