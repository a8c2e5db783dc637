package io.healthkey.backend.application.emergency;

import java.nio.ByteBuffer;
import java.util.Objects;

import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;

/** A record's anchored ciphertext, read through an emergency window. */
public record EmergencyContent(RecordId record, Cid anchoredCid, Flux<ByteBuffer> bytes) {

    public EmergencyContent {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(anchoredCid, "anchoredCid");
        Objects.requireNonNull(bytes, "bytes");
    }
}
