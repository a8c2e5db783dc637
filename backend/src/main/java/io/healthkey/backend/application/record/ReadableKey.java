package io.healthkey.backend.application.record;

import java.util.Objects;

import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.keywrap.WrappedKey;

/** What a reader may have of a record besides its bytes: the version, its anchored CID, their wrapped key. */
public record ReadableKey(RecordVersion version, Cid anchoredCid, WrappedKey wrappedKey) {

    public ReadableKey {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(anchoredCid, "anchoredCid");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
    }
}
