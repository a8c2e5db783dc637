package io.healthkey.backend.application.record;

import java.nio.ByteBuffer;
import java.util.Objects;

import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.keywrap.WrappedKey;
import reactor.core.publisher.Flux;

/**
 * A record a reader may have: the version, the CID the chain anchored, the record key wrapped for this reader, and
 * the bytes, checked against that CID as they stream (ciphertext, or plaintext from the clinic gateway).
 */
public record RecordContent(RecordVersion version, Cid anchoredCid, WrappedKey wrappedKey, Flux<ByteBuffer> bytes) {

    public RecordContent {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(anchoredCid, "anchoredCid");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        Objects.requireNonNull(bytes, "bytes");
    }
}
