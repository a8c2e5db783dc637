package io.healthkey.backend.application.record;

import java.time.Clock;
import java.util.Optional;

import io.healthkey.backend.application.access.AccessCheckUseCase;
import io.healthkey.backend.domain.consent.AccessQuery;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.backend.domain.record.ReaderKey;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import reactor.core.publisher.Mono;

/**
 * Reads: the chain decides who may read, the chain's anchor decides which bytes are the record, and every attempt
 * on an existing record ends in the patient's read log, allowed or denied, with the code the reader got. Attempts on
 * ids that name no record are not logged: anyone could otherwise fill any patient's log by inventing ids.
 */
public final class ReadRecordService implements ReadRecordUseCase {

    private final RecordRepositoryPort records;
    private final AccessCheckUseCase consent;
    private final IndexedAnchors anchors;
    private final ContentStorePort content;
    private final ReadLogPort readLog;
    private final LostRecordRecovery recovery;
    private final KeySharersPort sharers;
    private final EmergencyKeysPort emergencyKeys;
    private final Clock clock;

    /** A service where only the patient adds readers' keys ({@link KeySharersPort#PATIENT_ONLY}). */
    public ReadRecordService(RecordRepositoryPort records, AccessCheckUseCase consent, IndexedAnchors anchors,
            ContentStorePort content, ReadLogPort readLog, LostRecordRecovery recovery, Clock clock) {
        this(records, consent, anchors, content, readLog, recovery, KeySharersPort.PATIENT_ONLY, clock);
    }

    public ReadRecordService(RecordRepositoryPort records, AccessCheckUseCase consent, IndexedAnchors anchors,
            ContentStorePort content, ReadLogPort readLog, LostRecordRecovery recovery, KeySharersPort sharers,
            Clock clock) {
        this(records, consent, anchors, content, readLog, recovery, sharers, EmergencyKeysPort.NONE, clock);
    }

    /** @param emergencyKeys the patient's emergency key, a reader the patient alone may add without a READ grant */
    public ReadRecordService(RecordRepositoryPort records, AccessCheckUseCase consent, IndexedAnchors anchors,
            ContentStorePort content, ReadLogPort readLog, LostRecordRecovery recovery, KeySharersPort sharers,
            EmergencyKeysPort emergencyKeys, Clock clock) {
        this.emergencyKeys = emergencyKeys;
        this.sharers = sharers;
        this.records = records;
        this.recovery = recovery;
        this.consent = consent;
        this.anchors = anchors;
        this.content = content;
        this.readLog = readLog;
        this.clock = clock;
    }

    @Override
    public Mono<RecordContent> read(EthAddress reader, RecordId id) {
        return keyFor(reader, id).map(key -> new RecordContent(key.version(), key.anchoredCid(), key.wrappedKey(),
                content.get(key.anchoredCid())));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Logged as a read: whoever holds the wrapped key and a copy of the ciphertext holds the record.
     */
    @Override
    public Mono<ReadableKey> keyFor(EthAddress reader, RecordId id) {
        return authorize(reader, id)
                .flatMap(grant -> checkedKey(reader, grant.version(), grant.blockNumber()))
                .onErrorResume(DomainException.class, failure -> failure.errorCode() == ErrorCode.RECORD_NOT_FOUND
                        ? Mono.error(failure)
                        : log(reader, id, Optional.of(failure.code()), Optional.empty()).then(Mono.error(failure)));
    }

    @Override
    public Mono<Void> addReaderKey(EthAddress caller, RecordId id, ReaderKey key) {
        EthAddress patient = id.patient();
        Mono<Boolean> mayShare = caller.equals(patient) ? Mono.just(true)
                : sharers.mayShareKeys(patient, caller, id);
        return mayShare.flatMap(allowed -> allowed ? Mono.<Void>empty() : Mono.error(new DomainException(
                        ErrorCode.REQUEST_NOT_PATIENT, "only the record's patient, or a caregiver of theirs holding "
                        + "GRANT_REVOKE and READ on it, may add readers' keys")))
                .then(records.find(id))
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .then(consent.check(new AccessQuery(patient, key.reader(), id, Action.READ)))
                .filterWhen(decision -> decision.allowed() || key.reader().equals(patient) ? Mono.just(true)
                        : isEmergencyKey(caller, patient, key.reader()))
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.ACCESS_DENIED,
                        "the reader has no READ grant for this record on chain")))
                .flatMap(decision -> records.saveKeys(id, java.util.List.of(key)));
    }

    /** Whether the patient itself adds the key of its current emergency kit, which no grant names. */
    private Mono<Boolean> isEmergencyKey(EthAddress caller, EthAddress patient, EthAddress reader) {
        return caller.equals(patient)
                ? emergencyKeys.emergencyKeyOf(patient).map(reader::equals).defaultIfEmpty(false)
                : Mono.just(false);
    }

    /**
     * The version, if {@code reader} may read it now; denials are thrown with their code. A version the database does
     * not hold but the event index does (the database was lost) is rebuilt first.
     */
    private Mono<Authorized> authorize(EthAddress reader, RecordId id) {
        return records.find(id)
                .switchIfEmpty(Mono.defer(() -> recovery.recover(id)))
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(version -> {
                    if (reader.equals(version.patient())) {
                        return Mono.just(new Authorized(version, Optional.empty()));
                    }
                    return consent.check(new AccessQuery(version.patient(), reader, id, Action.READ))
                            .flatMap(decision -> decision.allowed()
                                    ? Mono.just(new Authorized(version, Optional.of(decision.blockNumber())))
                                    : Mono.error(new DomainException(ErrorCode.ACCESS_DENIED,
                                            "no active READ grant for this record at block " + decision.blockNumber())));
                });
    }

    private Mono<ReadableKey> checkedKey(EthAddress reader, RecordVersion version, Optional<Long> block) {
        RecordId id = version.id();
        if (version.status() != RecordStatus.ANCHORED) {
            return Mono.error(new DomainException(ErrorCode.RECORD_NOT_ANCHORED,
                    "the record is " + version.status().name().toLowerCase() + "; follow its chain request"));
        }
        return anchors.anchored(id)
                .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.RECORD_NOT_ANCHORED,
                        "the chain holds no anchor for this record")))
                .flatMap(anchored -> {
                    if (!version.cid().equals(Optional.of(anchored.cid()))) {
                        return Mono.error(new DomainException(ErrorCode.RECORD_CONTENT_MISMATCH,
                                "the stored ciphertext is not the one anchored on chain"));
                    }
                    return records.keyFor(id, reader)
                            .switchIfEmpty(Mono.defer(() -> reader.equals(version.patient())
                                    ? recovery.patientSlot(anchored.cid()).map(slot -> slot.wrappedKey())
                                            .map(wrapped -> new ReaderKey(reader, wrapped))
                                    : Mono.empty()))
                            .switchIfEmpty(Mono.error(() -> noWrappedKey(reader.equals(version.patient()))))
                            .flatMap(key -> log(reader, id, Optional.empty(), block)
                                    .thenReturn(new ReadableKey(version, anchored.cid(), key.wrappedKey())));
                });
    }

    private Mono<Void> log(EthAddress reader, RecordId id, Optional<String> deniedCode, Optional<Long> block) {
        return readLog.append(new ReadEntry(id, reader, deniedCode.isEmpty(), deniedCode, block, clock.instant()));
    }

    private static DomainException noWrappedKey(boolean patient) {
        return new DomainException(ErrorCode.ACCESS_NO_WRAPPED_KEY, patient
                ? "this service holds no key wrapped for you and the record is a version 1 envelope, whose header"
                        + " carries none: it cannot be read without the lost key"
                : "you may read this record but nobody has wrapped its key for you yet; the patient adds it with"
                        + " POST /api/v1/records/{id}/keys");
    }

    private static DomainException notFound(RecordId id) {
        return new DomainException(ErrorCode.RECORD_NOT_FOUND, "no such record");
    }

    private record Authorized(RecordVersion version, Optional<Long> blockNumber) {
    }
}
