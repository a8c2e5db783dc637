package io.healthkey.backend.domain.record;

import java.util.Objects;

import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.keywrap.WrappedKey;

/** A record version's key, wrapped (ECIES) for one reader; only that reader's private key opens it. */
public record ReaderKey(EthAddress reader, WrappedKey wrappedKey) {

    public ReaderKey {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
    }
}
