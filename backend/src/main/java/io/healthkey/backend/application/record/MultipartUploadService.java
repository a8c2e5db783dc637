package io.healthkey.backend.application.record;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.core.io.buffer.DataBuffer;

import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Multi-part uploads of client-encrypted envelopes; the checks and the anchor are the one-shot upload's. */
public final class MultipartUploadService implements MultipartUploadUseCase {

    private final RecordWriter writer;
    private final UploadPartsPort parts;
    private final ContentStorePort content;
    private final PartedDag dag;
    private final ParticipantDirectoryPort directory;
    private final Clock clock;

    public MultipartUploadService(RecordWriter writer, UploadPartsPort parts, ContentStorePort content,
            BlockStorePort blocks, ParticipantDirectoryPort directory, Clock clock) {
        this.writer = writer;
        this.parts = parts;
        this.content = content;
        this.dag = new PartedDag(blocks);
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public Mono<UploadPart> putPart(EthAddress uploader, RecordId id, int number, PartRange range,
            Flux<DataBuffer> body) {
        return reservation(uploader, id)
                .then(writer.requireWithinLimit(OptionalLong.of(range.envelopeLength())))
                .then(parts.partsOf(id).collectList())
                .flatMap(stored -> PartSequence.place(stored, number, range)
                        .map(retried -> PartedDag.digest(range, body).map(sha256 -> sameOrConflict(retried, range, sha256)))
                        .orElseGet(() -> storeNew(id, number, range, body)));
    }

    @Override
    public Mono<List<UploadPart>> parts(EthAddress uploader, RecordId id) {
        return reservation(uploader, id).then(parts.partsOf(id).collectList());
    }

    @Override
    public Mono<UploadReceipt> complete(EthAddress uploader, RecordId id, Cid expected) {
        return reservation(uploader, id)
                .flatMap(reservation -> parts.partsOf(id).collectList()
                        .map(PartSequence::requireWhole)
                        .flatMap(whole -> dag.assemble(whole)
                                .flatMap(root -> root.cid().equals(expected) ? content.pin(root.cid()).thenReturn(root)
                                        : Mono.error(new DomainException(ErrorCode.RECORD_PARTS_CID_MISMATCH,
                                                "the parts give " + root.cid() + ", not the CID expected")))
                                .flatMap(root -> writer.anchor(reservation, root))
                                .flatMap(receipt -> discard(whole).thenReturn(receipt))));
    }

    @Override
    public Mono<Long> discardAbandoned() {
        return parts.abandoned(clock.instant()).concatMap(part -> discard(List.of(part)).thenReturn(part)).count();
    }

    /** The uploader's reservation, awaiting its content, of a record the uploader may still write. */
    private Mono<RecordVersion> reservation(EthAddress uploader, RecordId id) {
        return writer.requireReservation(uploader, id)
                .flatMap(version -> id.category().isKit()
                        ? Mono.error(new DomainException(ErrorCode.REQUEST_INVALID_FIELD,
                                "a kit is uploaded whole, with PUT /api/v1/records/{recordId}/content"))
                        : writer.requireWriter(uploader, id.patient(), id.category()).thenReturn(version));
    }

    private Mono<UploadPart> storeNew(RecordId id, int number, PartRange range, Flux<DataBuffer> body) {
        Flux<DataBuffer> checked = number == 0
                ? EnvelopeShapeCheck.publishedKeyOf(directory, id.patient()).flatMapMany(patientKey -> EnvelopeShapeCheck.checkedHeader(body,
                        patientKey, version -> PartSequence.requireFirstPartShape(range, version)))
                : body;
        return dag.store(range, checked)
                .map(stored -> new UploadPart(id, number, range.offset(), range.length(), range.envelopeLength(),
                        stored.sha256(), stored.node(), clock.instant()))
                .flatMap(part -> content.pin(part.node())
                        .then(parts.add(part).onErrorResume(failure -> unpinUnlessKept(part, Optional.empty())
                                .then(Mono.error(failure))))
                        .flatMap(added -> added ? Mono.just(part) : concurrentlyStored(part, range)));
    }

    /** Part {@code mine}'s number was taken while its bytes streamed: the same bytes are that part, others a 409. */
    private Mono<UploadPart> concurrentlyStored(UploadPart mine, PartRange range) {
        return parts.partsOf(mine.record()).filter(other -> other.number() == mine.number()).next()
                .flatMap(other -> unpinUnlessKept(mine, Optional.of(other))
                        .then(Mono.fromCallable(() -> sameOrConflict(other, range, mine.sha256()))));
    }

    /** Unpins the node of a part not stored, unless it is the stored part's own node (the same bytes, same range). */
    private Mono<Void> unpinUnlessKept(UploadPart notStored, Optional<UploadPart> stored) {
        return stored.filter(kept -> kept.node().equals(notStored.node())).isPresent() ? Mono.empty()
                : content.unpin(notStored.node()).onErrorResume(ignored -> Mono.empty());
    }

    private static UploadPart sameOrConflict(UploadPart stored, PartRange range, Bytes32 sha256) {
        if (!stored.sameAs(range, sha256)) {
            throw new DomainException(ErrorCode.RECORD_PART_CONFLICT, "part " + stored.number()
                    + " is stored with other bytes; parts cannot be replaced: reserve a new record id to start over");
        }
        return stored;
    }

    /** Unpins the parts' nodes and forgets them: their bytes stay only where a pinned root still holds them. */
    private Mono<Void> discard(List<UploadPart> done) {
        return Flux.fromIterable(done)
                .concatMap(part -> content.unpin(part.node()).onErrorResume(ignored -> Mono.empty())
                        .then(parts.remove(part)))
                .then();
    }

}
