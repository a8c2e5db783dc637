package io.healthkey.backend.application.record;

import java.util.Arrays;
import java.util.Optional;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.envelope.EnvelopeVersion;
import io.healthkey.protocol.envelope.PatientSlot;
import reactor.core.publisher.Flux;

/**
 * What a service without the key can check of an uploaded envelope as it streams: a version 1 or 2 header (for
 * version 2, a patient key on the curve and a slot shaped as a wrapped key), no more than the size limit, and a
 * total length that some plaintext of that version encrypts to. Whether the slot opens, and authenticity, are the
 * reader's to check.
 */
final class EnvelopeShapeCheck {

    private final long maxBytes;
    private final Optional<EncryptionPublicKey> patientKey;
    private long seen;
    /** The header's bytes as they arrive, up to the longest header; checked once the version's header is whole. */
    private final byte[] header = new byte[EnvelopeVersion.LONGEST_HEADER];
    private int headerSeen;
    private EnvelopeVersion version;
    private boolean headerChecked;

    private EnvelopeShapeCheck(long maxBytes, Optional<EncryptionPublicKey> patientKey) {
        this.maxBytes = maxBytes;
        this.patientKey = patientKey;
    }

    /** The envelope's buffers, checked as they pass; a buffer that fails a check is released. */
    static Flux<DataBuffer> checked(Flux<DataBuffer> envelope, long maxBytes) {
        return checked(envelope, maxBytes, Optional.empty());
    }

    /**
     * As {@link #checked(Flux, long)}, and a version 2 header's patient key must be {@code patientKey} when given:
     * a slot wrapped for another key would leave the patient unable to read the record without this database.
     */
    static Flux<DataBuffer> checked(Flux<DataBuffer> envelope, long maxBytes, Optional<EncryptionPublicKey> patientKey) {
        return Flux.defer(() -> {
            EnvelopeShapeCheck check = new EnvelopeShapeCheck(maxBytes, patientKey);
            return envelope.<DataBuffer>handle((buffer, sink) -> {
                try {
                    check.inspect(buffer);
                    sink.next(buffer);
                } catch (DomainException refused) {
                    DataBufferUtils.release(buffer);
                    sink.error(refused);
                }
            }).concatWith(Flux.defer(() -> {
                check.finish();
                return Flux.empty();
            }));
        });
    }

    private void inspect(DataBuffer buffer) {
        int start = buffer.readPosition();
        int end = start + buffer.readableByteCount();
        for (int i = start; !headerChecked && i < end; i++) {
            header[headerSeen++] = buffer.getByte(i);
            if (headerSeen == 2) {
                version = EnvelopeVersion.ofStart(header[0], header[1])
                        .orElseThrow(() -> invalid("it does not start with a version 1 or 2 envelope header"));
            }
            if (version != null && headerSeen == version.headerLength()) {
                checkSlot();
                headerChecked = true;
            }
        }
        seen += buffer.readableByteCount();
        if (seen > maxBytes) {
            throw new DomainException(ErrorCode.REQUEST_TOO_LARGE, "records are limited to " + maxBytes + " bytes");
        }
    }

    private void checkSlot() {
        Optional<PatientSlot> slot;
        try {
            slot = EnvelopeVersion.patientSlot(Arrays.copyOf(header, headerSeen));
        } catch (EnvelopeDecryptionException malformed) {
            throw invalid("its version 2 header holds no patient key and wrapped key");
        }
        if (slot.isPresent() && patientKey.isPresent() && !slot.get().patientKey().equals(patientKey.get())) {
            throw invalid("its version 2 header wraps the key for another key than the patient's published one");
        }
    }

    private void finish() {
        if (version == null || version.plaintextLength(seen) < 0) {
            throw invalid("no record envelope has its length: truncated or padded");
        }
    }

    private static DomainException invalid(String why) {
        return new DomainException(ErrorCode.RECORD_INVALID_ENVELOPE, "The upload is not a record envelope: " + why);
    }
}
