package io.healthkey.backend.application.audit;

import static io.healthkey.backend.application.audit.AuditPositions.ConsentPosition.ORDER;
import static io.healthkey.backend.application.audit.AuditPositions.RECORD_ORDER;

import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;

import io.healthkey.backend.application.audit.AuditPositions.ConsentPosition;
import io.healthkey.backend.application.availability.AvailabilityViewUseCase;
import io.healthkey.backend.application.consent.RelayedConsentPort;
import io.healthkey.backend.application.index.EventIndexQueryPort;
import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.record.LostRecordRecovery;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.audit.AuditAccess;
import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.consent.ConsentHistory;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.IndexedBlock;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link AuditUseCase}: every view is the patient's own; nobody else sees who reads a patient's records. */
public final class AuditService implements AuditUseCase {

    /** How often a followed request is read again: every replica sees the sender's writes through the database. */
    private static final Duration CHANGE_POLL = Duration.ofMillis(200);
    private static final Duration MAX_STREAM = Duration.ofMinutes(10);

    private final RecordRepositoryPort records;
    private final ReadLogStorePort reads;
    private final ChainRequestPort requests;
    private final EventIndexer indexer;
    private final EventIndexQueryPort index;
    private final RelayedConsentPort relayed;
    private final AvailabilityViewUseCase availability;
    private final LostRecordRecovery recovery;
    private final EmergencyReadFlags emergencyFlags;

    public AuditService(RecordRepositoryPort records, ReadLogStorePort reads, ChainRequestPort requests,
            EventIndexer indexer, EventIndexQueryPort index, RelayedConsentPort relayed,
            AvailabilityViewUseCase availability, LostRecordRecovery recovery, EmergencyReadFlags emergencyFlags) {
        this.records = records;
        this.reads = reads;
        this.requests = requests;
        this.indexer = indexer;
        this.index = index;
        this.relayed = relayed;
        this.availability = availability;
        this.recovery = recovery;
        this.emergencyFlags = emergencyFlags;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The first page first rebuilds every anchored version the event index holds and the database does not
     * (after a loss of the database), so that the list is the chain's, not only what this database remembers.
     */
    @Override
    public Mono<Page<AuditedRecord>> records(EthAddress viewer, EthAddress patient, PageRequest page) {
        return requireSelf(viewer, patient)
                .then(page.after().isEmpty() ? recovery.recoverPatient(patient) : Mono.empty())
                .then(Mono.defer(() -> versionsOf(patient, page)))
                .flatMap(versions -> availability.availability(versions.items().stream().map(RecordVersion::id)
                                .toList())
                        .flatMap(audited -> Flux.fromIterable(versions.items())
                                .concatMap(version -> records.keysOf(version.id()).map(ReaderKey::reader)
                                        .collectList()
                                        .map(readers -> new AuditedRecord(version, readers,
                                                Optional.ofNullable(audited.get(version.id())))))
                                .collectList())
                        .map(items -> new Page<>(items, versions.next())));
    }

    private Mono<Page<RecordVersion>> versionsOf(EthAddress patient, PageRequest page) {
        Optional<RecordId> after = page.after().map(AuditPositions::recordIdOf);
        return records.forPatient(patient)
                .filter(version -> after.map(cursor -> RECORD_ORDER.compare(version.id(), cursor) > 0).orElse(true))
                .sort((a, b) -> RECORD_ORDER.compare(a.id(), b.id()))
                .take(page.limit() + 1L)
                .collectList()
                .map(fetched -> Page.of(fetched, page.limit(), AuditPositions::ofRecord));
    }

    /**
     * The index's events, then the requests accepted here: read in that order, a request mined meanwhile shows as
     * pending one more time rather than twice. The cursor is read first, so that the events hold at least up to it.
     */
    @Override
    public Mono<Page<ConsentChange>> consents(EthAddress viewer, EthAddress patient, PageRequest page) {
        return requireSelf(viewer, patient).then(Mono.defer(() -> {
            Optional<ConsentPosition> after = page.after().map(ConsentPosition::of);
            long indexedUpTo = indexer.status().cursor().map(IndexedBlock::number).orElse(-1L);
            return index.consentEvents(patient).collectList()
                    .zipWhen(events -> relayed.ofPatient(patient).collectList())
                    .map(found -> ConsentHistory.of(indexedUpTo, found.getT1(), found.getT2()).stream()
                            .filter(change -> after.map(cursor -> ORDER.compare(ConsentPosition.of(change), cursor) > 0)
                                    .orElse(true))
                            .sorted(Comparator.comparing(ConsentPosition::of, ORDER))
                            .limit(page.limit() + 1L)
                            .toList())
                    .map(fetched -> Page.of(fetched, page.limit(), change -> ConsentPosition.of(change).cursor()));
        }));
    }

    /** The page is cut from the read log alone; its rows are then flagged in one look-up. */
    @Override
    public Mono<Page<AuditedRead>> reads(EthAddress viewer, EthAddress patient, PageRequest page) {
        return requireSelf(viewer, patient).then(Mono.defer(() -> reads.page(patient,
                        page.after().map(AuditPositions::readIdOf), page.limit() + 1).collectList()))
                .map(fetched -> Page.of(fetched, page.limit(), AuditPositions::ofRead))
                .flatMap(logged -> emergencyFlags.of(patient, logged.items())
                        .map(flagged -> new Page<>(flagged, logged.next())));
    }

    @Override
    public Mono<ChainRequest> chainRequest(EthAddress viewer, String id) {
        return requests.find(id)
                .filter(request -> request.isVisibleTo(viewer))
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.CHAIN_NO_SUCH_TRANSACTION,
                        "no such chain request of yours")));
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

    private static Mono<Void> requireSelf(EthAddress viewer, EthAddress patient) {
        return Mono.fromRunnable(() -> AuditAccess.requireSelf(viewer, patient));
    }
}
