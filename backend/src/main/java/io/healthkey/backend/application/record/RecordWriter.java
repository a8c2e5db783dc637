package io.healthkey.backend.application.record;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.healthkey.backend.application.outbox.RelaySponsorship;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.content.StoredContent;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCategory;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordLimits;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/**
 * The steps every upload shares, whoever encrypted it: checking that the uploader may write, reserving a free
 * record id ({@link RecordIdAllocator}), and, once the ciphertext is pinned, simulating its anchor and handing it to
 * {@link AnchorService}.
 */
public final class RecordWriter {

    private static final int RESERVE_ATTEMPTS = 5;

    private final RecordRegistryPort chain;
    private final RecordRepositoryPort records;
    private final RecordIdAllocator ids;
    private final ContentStorePort content;
    private final AnchorService anchors;
    private final RecordLimits limits;
    private final ReplicationPort replication;
    private final Clock clock;

    public RecordWriter(RecordRegistryPort chain, RecordRepositoryPort records, ContentStorePort content,
            AnchorService anchors, RecordLimits limits, ReplicationPort replication, Clock clock) {
        this.chain = chain;
        this.records = records;
        this.ids = new RecordIdAllocator(chain, records, new SecureRandom());
        this.content = content;
        this.anchors = anchors;
        this.limits = limits;
        this.replication = replication;
        this.clock = clock;
    }

    public RecordLimits limits() {
        return limits;
    }

    /** Fails with {@code REQUEST-0005} when the request says it is larger than a record may be. */
    public Mono<Void> requireWithinLimit(OptionalLong declaredLength) {
        return declaredLength.isPresent() && declaredLength.getAsLong() > limits.maxRecordBytes()
                ? Mono.error(new DomainException(ErrorCode.REQUEST_TOO_LARGE,
                        "records are limited to " + limits.maxRecordBytes() + " bytes"))
                : Mono.empty();
    }

    /**
     * The reservation of {@code id} by {@code uploader}, still awaiting its content; fails with {@code RECORD-0010}
     * when there is none: never reserved, someone else's, expired or used.
     */
    public Mono<RecordVersion> requireReservation(EthAddress uploader, RecordId id) {
        return records.find(id)
                .filter(version -> version.awaitsUploadAt(clock.instant()) && version.author().equals(uploader))
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.RECORD_RESERVATION_UNKNOWN,
                        "reserve the record id with POST /api/v1/records first; reservations expire and are used once")));
    }

    /** Completes when {@code author} may add {@code patient}'s records in {@code category}: the patient, or WRITE. */
    public Mono<Void> requireWriter(EthAddress author, EthAddress patient, Category category) {
        if (author.equals(patient)) {
            return Mono.empty();
        }
        return chain.mayWrite(patient, author, category)
                .flatMap(allowed -> allowed ? Mono.<Void>empty() : Mono.error(new DomainException(
                        ErrorCode.RECORD_NOT_WRITABLE, "the patient has not granted you WRITE on category "
                                + category.code())));
    }

    /**
     * Checks that {@code supersedes} is the patient's latest anchored version of the category; completes empty
     * when there is nothing to check.
     */
    public Mono<Void> requireSupersedable(Optional<RecordId> supersedes, EthAddress patient, Category category) {
        if (supersedes.isEmpty()) {
            return Mono.empty();
        }
        RecordId previous = supersedes.get();
        DomainException invalid = new DomainException(ErrorCode.RECORD_INVALID_SUPERSEDES,
                "supersedes must name an anchored, not yet superseded version of the same patient and category");
        if (!previous.patient().equals(patient) || !previous.category().equals(category)) {
            return Mono.error(invalid);
        }
        return records.find(previous)
                .filter(version -> version.status() == RecordStatus.ANCHORED && version.supersededBy().isEmpty())
                .switchIfEmpty(Mono.error(invalid))
                .then();
    }

    /**
     * Reserves a free id of the patient's category with the readers' keys; refused with {@code LIMIT-0002} before
     * anything is reserved when the author's sponsored anchors are used up, and fails with {@code RECORD-0004} when
     * concurrent reservations or anchors by other authors took every id tried.
     */
    public Mono<RecordVersion> reserve(EthAddress author, RecordOrigin origin, EthAddress patient, Category category,
            String mediaType, Optional<RecordId> supersedes, List<ReaderKey> keys) {
        return anchors.requireSponsorship(author).then(Mono.defer(() -> ids.nextFree(patient, category))
                .flatMap(id -> {
                    var now = clock.instant();
                    var reservation = new RecordVersion(id, author, origin, RecordStatus.RESERVED, mediaType,
                            supersedes, Optional.empty(), 0, Optional.empty(), Optional.empty(), false, now,
                            now.plus(limits.reservationTtl()));
                    return records.reserve(reservation, keys)
                            .flatMap(stored -> stored ? Mono.just(reservation) : Mono.empty());
                })
                .repeatWhenEmpty(attempts -> attempts.take(RESERVE_ATTEMPTS - 1))
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.RECORD_ID_TAKEN,
                        "no free record id for this patient right now; try again"))));
    }

    /**
     * Anchors stored content: simulates first (a version the registry would refuse is unpinned and answered with
     * the registry's error), then stores the anchor request with the stored version, atomically, for the outbox. A
     * version whose anchor the author's sponsorship no longer covers is unpinned and failed likewise. Once accepted,
     * the further replica locations are asked to copy it in the background ({@link ReplicationPort}).
     */
    public Mono<UploadReceipt> anchor(RecordVersion reservation, StoredContent stored) {
        AnchorRequest anchor = new AnchorRequest(reservation.id(), reservation.author(), stored.cid(),
                reservation.supersedes());
        ChainRequest request = anchors.newRequest(anchor);
        Mono<Void> markStored = records.markStored(reservation.id(), stored.cid(), stored.size(), request.id())
                .flatMap(marked -> marked ? Mono.<Void>empty()
                        : Mono.error(new DomainException(ErrorCode.RECORD_RESERVATION_UNKNOWN,
                                "another upload for this record id won")));
        return chain.simulateAnchor(anchor)
                .onErrorResume(failure -> abandon(reservation, stored, failure))
                .then(Mono.defer(() -> anchors.accept(request, markStored)
                        .onErrorResume(RelaySponsorship::isExhausted, failure -> abandon(reservation, stored, failure))))
                .then(Mono.defer(() -> records.find(reservation.id())))
                .map(version -> new UploadReceipt(version, request))
                .doOnSuccess(accepted -> replication.replicate(stored.cid()));
    }

    private <T> Mono<T> abandon(RecordVersion reservation, StoredContent stored, Throwable failure) {
        boolean transientFailure = failure instanceof DomainException domain
                && domain.errorCode().category() == ErrorCategory.UNAVAILABLE;
        Mono<Void> status = transientFailure ? Mono.empty()
                : records.updateStatus(reservation.id(), RecordStatus.FAILED);
        return status.then(content.unpin(stored.cid()).onErrorResume(ignored -> Mono.empty()))
                .then(Mono.<T>error(failure));
    }
}
