package io.healthkey.backend.application.record;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.core.io.buffer.DataBuffer;

import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.MediaTypes;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordDraft;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.envelope.EnvelopeVersion;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Records the uploader's client encrypted: this service stores and anchors ciphertext it cannot read. */
public final class WriteRecordService implements WriteRecordUseCase {

    private final RecordWriter writer;
    private final ContentStorePort content;
    private final ParticipantDirectoryPort directory;
    private final long chainId;

    /** @param chainId the chain this service anchors on: a recovery kit must name it */
    public WriteRecordService(RecordWriter writer, ContentStorePort content, ParticipantDirectoryPort directory,
            long chainId) {
        this.writer = writer;
        this.content = content;
        this.directory = directory;
        this.chainId = chainId;
    }

    @Override
    public Mono<RecordVersion> reserve(EthAddress uploader, RecordDraft draft) {
        return writer.requireWriter(uploader, draft.patient(), draft.category())
                .then(Mono.fromCallable(() -> {
                    if (draft.category().isKit()) {
                        requireKitDraft(draft, uploader);
                    } else {
                        requireKeysFor(draft, uploader);
                    }
                    return MediaTypes.forCategory(draft.category(), draft.mediaType());
                }))
                .flatMap(mediaType -> writer.requireSupersedable(draft.supersedes(), draft.patient(), draft.category())
                        .then(writer.reserve(uploader, RecordOrigin.CLIENT, draft.patient(), draft.category(),
                                mediaType, draft.supersedes(), draft.keys())));
    }

    @Override
    public Mono<UploadReceipt> upload(EthAddress uploader, RecordId id, OptionalLong declaredLength,
            Flux<DataBuffer> envelope) {
        long max = writer.limits().maxRecordBytes();
        return writer.requireReservation(uploader, id)
                .flatMap(reservation -> writer.requireWithinLimit(declaredLength)
                        .then(id.category().isKit() ? Mono.empty()
                                : requireEnvelopeLength(declaredLength))
                        .then(writer.requireWriter(uploader, id.patient(), id.category()))
                        .then(Mono.defer(() -> store(id, envelope, max)))
                        .flatMap(stored -> writer.anchor(reservation, stored)));
    }

    /** Stores a kit's own bytes once they are a kit; any other record only as an envelope ({@link EnvelopeShapeCheck}). */
    private Mono<StoredContent> store(RecordId id, Flux<DataBuffer> upload, long max) {
        if (id.category().isKit()) {
            return content.put(RecoveryKitUpload.checked(upload, id.patient(), chainId));
        }
        return EnvelopeShapeCheck.publishedKeyOf(directory, id.patient())
                .flatMap(patientKey -> content.put(EnvelopeShapeCheck.checked(upload, max, patientKey)));
    }

    /** Fails with {@code RECORD-0014} when the request says it is a length no envelope has. */
    private static Mono<Void> requireEnvelopeLength(OptionalLong declaredLength) {
        return declaredLength.isPresent() && EnvelopeVersion.V1.plaintextLength(declaredLength.getAsLong()) < 0
                && EnvelopeVersion.V2.plaintextLength(declaredLength.getAsLong()) < 0
                ? Mono.error(new DomainException(ErrorCode.RECORD_INVALID_ENVELOPE,
                        "no record envelope has the declared Content-Length: truncated or padded"))
                : Mono.empty();
    }

    /**
     * A recovery kit is the patient's own (a writer with WRITE on its category could otherwise make a kit naming
     * guardians of its choosing the patient's current one) and is not encrypted: it has no record key to wrap.
     */
    private static void requireKitDraft(RecordDraft draft, EthAddress uploader) {
        if (!uploader.equals(draft.patient())) {
            throw new DomainException(ErrorCode.REQUEST_NOT_PATIENT, "only the patient stores its recovery kit");
        }
        if (!draft.keys().isEmpty()) {
            throw new DomainException(ErrorCode.REQUEST_INVALID_FIELD,
                    "wrappedKeys must be empty for a recovery kit: its content is not encrypted");
        }
    }

    private static void requireKeysFor(RecordDraft draft, EthAddress uploader) {
        Set<EthAddress> readers = draft.keys().stream().map(ReaderKey::reader).collect(Collectors.toSet());
        if (readers.size() != draft.keys().size()) {
            throw new DomainException(ErrorCode.REQUEST_INVALID_FIELD, "wrappedKeys names a reader twice");
        }
        for (EthAddress required : List.of(draft.patient(), uploader)) {
            if (!readers.contains(required)) {
                throw new DomainException(ErrorCode.RECORD_MISSING_WRAPPED_KEY,
                        "wrappedKeys must hold the record key wrapped for the "
                                + (required.equals(uploader) ? "uploader" : "patient")
                                + " (the patient and the uploader always keep access)");
            }
        }
    }
}
