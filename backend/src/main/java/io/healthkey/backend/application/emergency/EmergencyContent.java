package io.healthkey.backend.application.emergency;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.keywrap.WrappedKey;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;

/**
 * A record's anchored ciphertext, read through an emergency window, and its record key wrapped for the patient's
 * emergency key (the key of its emergency kit), when the patient wrapped it so.
 */
public record EmergencyContent(RecordId record, Cid anchoredCid, Optional<WrappedKey> keyForEmergencyKey,
        Flux<ByteBuffer> bytes) {

    public EmergencyContent {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(anchoredCid, "anchoredCid");
        Objects.requireNonNull(keyForEmergencyKey, "keyForEmergencyKey");
        Objects.requireNonNull(bytes, "bytes");
    }
}
