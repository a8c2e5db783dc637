package io.healthkey.backend.application.record;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.EnvelopeDecryptionException;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.envelope.EnvelopeVersion;
import io.healthkey.protocol.envelope.PatientSlot;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rebuilds what a lost database held of a record from what outlives it (docs/API.md, "After a database loss"):
 * the version from its {@code RecordAnchored} event in the event index (which a fresh database refills from the
 * deployment block), its size from the anchored ciphertext, and the patient's wrapped key from a version 2
 * envelope's header.
 *
 * <p>Only anchors the index holds are rebuilt: an id the index does not know costs no chain call, so inventing ids
 * buys nothing. What cannot be rebuilt stays lost and says so: the plaintext's media type and who encrypted a version
 * ({@link RecordOrigin#RECOVERED}), readers' wrapped keys (the patient wraps them again), and the patient's key of a
 * version 1 envelope.
 */
public final class LostRecordRecovery {

    /** The media type of a rebuilt version: the plaintext's own was in the lost database only. */
    public static final String UNKNOWN_MEDIA_TYPE = "application/octet-stream";

    private final RecordRepositoryPort records;
    private final EventIndexQueryPort index;
    private final ContentStorePort content;
    private final Clock clock;

    public LostRecordRecovery(RecordRepositoryPort records, EventIndexQueryPort index, ContentStorePort content,
            Clock clock) {
        this.records = records;
        this.index = index;
        this.content = content;
        this.clock = clock;
    }

    /** The version {@code id}, rebuilt and stored, when the index holds its anchor; empty when it does not. */
    public Mono<RecordVersion> recover(RecordId id) {
        return index.anchored(id)
                .onErrorResume(unavailable -> Mono.empty())
                .flatMap(this::restore);
    }

    /** Rebuilds and stores every anchored version of {@code patient}'s records the database does not hold. */
    public Mono<Void> recoverPatient(EthAddress patient) {
        return index.anchorsOf(patient)
                .onErrorResume(unavailable -> Flux.empty())
                .concatMap(anchored -> records.find(anchored.id()).hasElement()
                        .flatMap(held -> held ? Mono.empty() : restore(anchored)))
                .then();
    }

    /**
     * The patient's slot in the header of the envelope {@code cid}, reading no more of it than the longest header;
     * empty for a version 1 envelope, which has none, and for bytes that are no envelope header.
     */
    public Mono<PatientSlot> patientSlot(Cid cid) {
        return Mono.defer(() -> {
            byte[] header = new byte[EnvelopeVersion.LONGEST_HEADER];
            int[] filled = {0};
            return content.get(cid)
                    .takeUntil(buffer -> {
                        ByteBuffer view = buffer.duplicate();
                        int take = Math.min(view.remaining(), header.length - filled[0]);
                        view.get(header, filled[0], take);
                        filled[0] += take;
                        return filled[0] == header.length;
                    })
                    .then(Mono.fromCallable(() -> slotIn(Arrays.copyOf(header, filled[0]))))
                    .flatMap(Mono::justOrEmpty);
        });
    }

    private static Optional<PatientSlot> slotIn(byte[] header) {
        try {
            return EnvelopeVersion.patientSlot(header);
        } catch (EnvelopeDecryptionException notAnEnvelope) {
            return Optional.empty();
        }
    }

    private Mono<RecordVersion> restore(AnchoredRecord anchored) {
        Instant now = clock.instant();
        return sizeOf(anchored.cid())
                .map(size -> new RecordVersion(anchored.id(), anchored.author(), RecordOrigin.RECOVERED,
                        RecordStatus.ANCHORED, UNKNOWN_MEDIA_TYPE, anchored.supersedes(), Optional.of(anchored.cid()),
                        size, Optional.empty(), Optional.empty(), false, now, now))
                .flatMap(records::restore)
                .then(Mono.justOrEmpty(anchored.supersedes())
                        .flatMap(previous -> records.find(previous)
                                .flatMap(found -> records.markSuperseded(previous, anchored.id()))))
                .then(records.find(anchored.id()));
    }

    /** The ciphertext's length, streamed once through the content store's verified reader. */
    private Mono<Long> sizeOf(Cid cid) {
        return content.get(cid).reduce(0L, (length, buffer) -> length + buffer.remaining());
    }
}
