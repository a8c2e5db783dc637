package io.healthkey.backend.application.emergency;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.application.index.ChainTime;
import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.application.record.IndexedAnchors;
import io.healthkey.backend.application.record.ReadLogPort;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.application.recovery.CurrentKits;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.emergency.EmergencyRead;
import io.healthkey.backend.domain.emergency.EmergencyWindow;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.keywrap.WrappedKey;
import reactor.core.publisher.Mono;

/**
 * {@link EmergencyReadUseCase}. The window is looked up in the event index first (cheap, and only a requester with a
 * recent window goes on), then the chain decides: {@code hasEmergencyAccess} for the record (the setup's scopes, a
 * newer setup) and the reader's provider status (a suspended provider reads nothing, as {@code hasAccess} says).
 * An allowed read is logged, flagged and its record marked for re-keying before any byte is served; it carries the
 * record key wrapped for the key of the patient's current emergency kit (the reader {@code address()} of that key)
 * when the patient wrapped it so.
 */
public final class EmergencyReadService implements EmergencyReadUseCase {

    private final EmergencyEventsPort events;
    private final EmergencyAccessPort chain;
    private final ParticipantDirectoryPort directory;
    private final IndexedAnchors anchors;
    private final ContentStorePort content;
    private final RecordRepositoryPort records;
    private final ReadLogPort readLog;
    private final EmergencyReadsPort flags;
    private final CurrentKits kits;
    private final Clock clock;
    private final ChainTime chainTime;

    public EmergencyReadService(EmergencyEventsPort events, EmergencyAccessPort chain,
            ParticipantDirectoryPort directory, IndexedAnchors anchors, ContentStorePort content,
            RecordRepositoryPort records, ReadLogPort readLog, EmergencyReadsPort flags, CurrentKits kits,
            Clock clock, ChainTime chainTime) {
        this.kits = kits;
        this.events = events;
        this.chain = chain;
        this.directory = directory;
        this.anchors = anchors;
        this.content = content;
        this.records = records;
        this.readLog = readLog;
        this.flags = flags;
        this.clock = clock;
        this.chainTime = chainTime;
    }

    @Override
    public Mono<EmergencyContent> read(EthAddress reader, RecordId record) {
        Instant now = clock.instant();
        return openWindow(reader, record, chainTime.now())
                .flatMap(window -> anchors.anchored(record)
                        .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.RECORD_NOT_ANCHORED,
                                "the chain holds no anchor for this record")))
                        .flatMap(anchored -> readLog.append(new ReadEntry(record, reader, true, Optional.empty(),
                                        Optional.empty(), now))
                                .then(flags.flag(new EmergencyRead(record, reader, now, window.until(),
                                        window.transactionHash())))
                                .then(records.markRekeyRequired(record))
                                .then(keyForEmergencyKey(record))
                                .map(key -> new EmergencyContent(record, anchored.cid(), key,
                                        content.get(anchored.cid())))))
                .onErrorResume(DomainException.class, refused -> logIfDenied(reader, record, now, refused)
                        .then(Mono.error(refused)));
    }

    /** The record key wrapped for the key of the patient's emergency kit, if the patient wrapped it for that key. */
    private Mono<Optional<WrappedKey>> keyForEmergencyKey(RecordId record) {
        return kits.of(record.patient())
                .flatMap(current -> records.keyFor(record, current.kit().patientPublicKey().address()))
                .map(key -> Optional.of(key.wrappedKey()))
                .defaultIfEmpty(Optional.empty());
    }

    private Mono<Void> logIfDenied(EthAddress reader, RecordId record, Instant now, DomainException refused) {
        return refused.errorCode() != ErrorCode.EMERGENCY_NO_OPEN_WINDOW ? Mono.empty()
                : readLog.append(new ReadEntry(record, reader, false, Optional.of(refused.code()), Optional.empty(),
                        now));
    }

    /** The indexed window, if the chain agrees it opens {@code record} for an active provider now. */
    private Mono<EmergencyWindow> openWindow(EthAddress reader, RecordId record, Instant now) {
        return events.openWindow(record.patient(), reader, now)
                .filterWhen(window -> chain.hasEmergencyAccess(reader, record))
                .filterWhen(window -> directory.providerStatus(reader).map(status -> status == ProviderStatus.ACTIVE))
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.EMERGENCY_NO_OPEN_WINDOW,
                        "no open emergency window of yours covers this record now")));
    }
}
