package io.healthkey.backend.application.record;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.envelope.EnvelopeVersion;
import io.healthkey.protocol.envelope.PatientSlot;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a service without the key can check of an uploaded envelope as it streams: a version 1 or 2 header (for
 * version 2, a patient key on the curve and a slot shaped as a wrapped key), no more than the size limit, and a
 * total length that some plaintext of that version encrypts to. Whether the slot opens, and authenticity, are the
 * reader's to check.
 */
final class EnvelopeShapeCheck {

    private final long maxBytes;
    private final Optional<EncryptionPublicKey> patientKey;
    /** Told the version once the header is whole and checked; may refuse it with a {@link DomainException}. */
    private final Consumer<EnvelopeVersion> onHeader;
    private long seen;
    /** The header's bytes as they arrive, up to the longest header; checked once the version's header is whole. */
    private final byte[] header = new byte[EnvelopeVersion.LONGEST_HEADER];
    private int headerSeen;
    private EnvelopeVersion version;
    private boolean headerChecked;

    private EnvelopeShapeCheck(long maxBytes, Optional<EncryptionPublicKey> patientKey,
            Consumer<EnvelopeVersion> onHeader) {
        this.maxBytes = maxBytes;
        this.patientKey = patientKey;
        this.onHeader = onHeader;
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
            EnvelopeShapeCheck check = new EnvelopeShapeCheck(maxBytes, patientKey, version -> { });
            return check.inspecting(envelope).concatWith(Flux.defer(() -> {
                check.finish();
                return Flux.empty();
            }));
        });
    }

    /**
     * The first bytes of an envelope sent in parts: its header is checked as by {@link #checked(Flux, long,
     * Optional)}, then handed to {@code onHeader}, which may refuse it; the length is the parts' to check. A first
     * part shorter than its header fails.
     */
    static Flux<DataBuffer> checkedHeader(Flux<DataBuffer> firstPart, Optional<EncryptionPublicKey> patientKey,
            Consumer<EnvelopeVersion> onHeader) {
        return Flux.defer(() -> {
            EnvelopeShapeCheck check = new EnvelopeShapeCheck(Long.MAX_VALUE, patientKey, onHeader);
            return check.inspecting(firstPart).concatWith(Flux.defer(() -> {
                if (!check.headerChecked) {
                    throw invalid("the first part ends inside the header");
                }
                return Flux.empty();
            }));
        });
    }

    /**
     * The patient's published encryption key, which a version 2 envelope's slot must be wrapped for; empty when none
     * is published or the directory cannot answer now: the slot then goes unchecked (it serves recovery only, and an
     * upload should not wait on it).
     */
    static Mono<Optional<EncryptionPublicKey>> publishedKeyOf(ParticipantDirectoryPort directory, EthAddress patient) {
        return directory.encryptionKeyOf(patient)
                .map(Optional::of)
                .onErrorResume(DomainException.class, unavailable -> Mono.empty())
                .defaultIfEmpty(Optional.empty());
    }

    private Flux<DataBuffer> inspecting(Flux<DataBuffer> envelope) {
        return envelope.<DataBuffer>handle((buffer, sink) -> {
            try {
                inspect(buffer);
                sink.next(buffer);
            } catch (DomainException refused) {
                DataBufferUtils.release(buffer);
                sink.error(refused);
            }
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
                onHeader.accept(version);
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
