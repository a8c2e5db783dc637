package io.healthkey.backend.application.audit;

import java.time.Duration;

import io.healthkey.backend.application.consent.RelayedConsentPort;
import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.record.ReadLogPort;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.consent.ConsentHistory;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link AuditUseCase}: every view is the patient's own; nobody else sees who reads a patient's records. */
public final class AuditService implements AuditUseCase {

    /** How often a followed request is read again: every replica sees the sender's writes through the database. */
    private static final Duration CHANGE_POLL = Duration.ofMillis(200);
    private static final Duration MAX_STREAM = Duration.ofMinutes(10);

    private final RecordRepositoryPort records;
    private final ReadLogPort reads;
    private final ChainRequestPort requests;
    private final EventIndexer indexer;
    private final EventIndexQueryPort index;
    private final RelayedConsentPort relayed;

    public AuditService(RecordRepositoryPort records, ReadLogPort reads, ChainRequestPort requests,
            EventIndexer indexer, EventIndexQueryPort index, RelayedConsentPort relayed) {
        this.records = records;
        this.reads = reads;
        this.requests = requests;
        this.indexer = indexer;
        this.index = index;
        this.relayed = relayed;
    }

    @Override
    public Flux<AuditedRecord> records(EthAddress viewer, EthAddress patient) {
        return requireSelf(viewer, patient).thenMany(records.forPatient(patient)
                .concatMap(version -> records.keysOf(version.id()).map(ReaderKey::reader).collectList()
                        .map(readers -> new AuditedRecord(version, readers))));
    }

    /**
     * The index's events, then the requests accepted here: read in that order, a request mined meanwhile shows as
     * pending one more time rather than twice. The cursor is read first, so that the events hold at least up to it.
     */
    @Override
    public Flux<ConsentChange> consents(EthAddress viewer, EthAddress patient) {
        return requireSelf(viewer, patient).thenMany(Mono.defer(() -> {
            long indexedUpTo = indexer.status().cursor().map(IndexedBlock::number).orElse(-1L);
            return index.consentEvents(patient).collectList()
                    .zipWhen(events -> relayed.ofPatient(patient).collectList())
                    .map(found -> ConsentHistory.of(indexedUpTo, found.getT1(), found.getT2()));
        }).flatMapIterable(history -> history));
    }

    @Override
    public Flux<LoggedRead> reads(EthAddress viewer, EthAddress patient) {
        return requireSelf(viewer, patient).thenMany(reads.forPatient(patient));
    }

    @Override
    public Mono<ChainRequest> chainRequest(EthAddress viewer, String id) {
        return requests.find(id)
                .filter(request -> request.isVisibleTo(viewer))
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.CHAIN_NO_SUCH_TRANSACTION,
                        "no chain request " + id + " of yours")));
    }

    @Override
    public Flux<ChainRequest> chainRequestChanges(EthAddress viewer, String id) {
        return chainRequest(viewer, id).flatMapMany(first -> first.status().isFinal() ? Flux.just(first)
                : Flux.concat(Flux.just(first), Flux.interval(CHANGE_POLL)
                                .take(MAX_STREAM.toMillis() / CHANGE_POLL.toMillis())
                                .onBackpressureDrop()   // a tick while a slow read runs is skipped, not an error
                                .concatMap(tick -> requests.find(id)))
                        .distinctUntilChanged(request -> request.status().name() + request.updatedAt())
                        .takeUntil(request -> request.status().isFinal()));
    }

    public static Mono<Void> requireSelf(EthAddress viewer, EthAddress patient) {
        return viewer.equals(patient) ? Mono.empty() : Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT,
                "only the patient sees their own audit"));
    }
}
