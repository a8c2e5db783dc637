package io.healthkey.backend.application.recovery;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

import io.healthkey.backend.application.record.ContentStorePort;
import io.healthkey.backend.application.record.IndexedAnchors;
import io.healthkey.backend.application.record.LostRecordRecovery;
import io.healthkey.backend.application.record.RecordRepositoryPort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.recovery.RecoveryKit;
import reactor.core.publisher.Mono;

/**
 * A patient's current kit of one category (a recovery kit, 4098, or an emergency kit, 4099, in the same bytes): the
 * newest version of that category that the patient itself stored and that is anchored, read back from the CID the
 * chain anchored (never from what the database says alone) and parsed. Versions a lost database no longer holds are
 * rebuilt from the event index first ({@link LostRecordRecovery}), so a kit outlives the database as the record
 * does. A kit whose bytes are not a kit of that patient on this chain (anchored past this service, or by an older one) is
 * skipped, so it cannot hide an older valid kit nor be served as one.
 */
public final class CurrentKits {

    private final RecordRepositoryPort records;
    private final LostRecordRecovery lost;
    private final IndexedAnchors anchors;
    private final ContentStorePort content;
    private final long chainId;
    private final Category category;

    /** The current recovery kits (category 4098). */
    public CurrentKits(RecordRepositoryPort records, LostRecordRecovery lost, IndexedAnchors anchors,
            ContentStorePort content, long chainId) {
        this(records, lost, anchors, content, chainId, Category.RECOVERY_KIT);
    }

    /** The current kits of {@code category}: 4098 for recovery, 4099 for emergency access (the same bytes). */
    public CurrentKits(RecordRepositoryPort records, LostRecordRecovery lost, IndexedAnchors anchors,
            ContentStorePort content, long chainId, Category category) {
        this.category = category;
        this.records = records;
        this.lost = lost;
        this.anchors = anchors;
        this.content = content;
        this.chainId = chainId;
    }

    /** The patient's current kit; empty when it has none. */
    public Mono<AnchoredKit> of(EthAddress patient) {
        return lost.recoverPatient(patient).thenMany(records.forPatient(patient))
                .filter(version -> isKitOf(version, patient, category))
                .concatMap(version -> anchors.anchored(version.id())
                        .filter(anchored -> version.cid().equals(Optional.of(anchored.cid())))
                        .flatMap(anchored -> read(anchored.cid())
                                .filter(kit -> kit.patient().equals(patient) && kit.chainId() == chainId)
                                .map(kit -> new AnchoredKit(version.id(), anchored.cid(), kit))
                                .onErrorResume(DomainException.class, notAKit ->
                                        notAKit.errorCode() == ErrorCode.RECOVERY_INVALID_KIT
                                                ? Mono.empty() : Mono.error(notAKit))), 1)
                .next();
    }

    /** The kit stored under {@code cid}; {@code RECOVERY-0001} if those bytes are no kit. */
    public Mono<byte[]> bytes(Cid cid) {
        return content.get(cid)
                .reduceWith(ByteArrayOutputStream::new, CurrentKits::append)
                .map(ByteArrayOutputStream::toByteArray);
    }

    Mono<RecoveryKit> read(Cid cid) {
        return bytes(cid).map(CurrentKits::parse);
    }

    static RecoveryKit parse(byte[] bytes) {
        try {
            return RecoveryKit.parse(bytes);
        } catch (ProtocolException notAKit) {
            throw notAKit();
        }
    }

    private static boolean isKitOf(RecordVersion version, EthAddress patient, Category category) {
        return version.id().category().equals(category) && version.author().equals(patient)
                && version.status() == RecordStatus.ANCHORED && version.cid().isPresent();
    }

    private static ByteArrayOutputStream append(ByteArrayOutputStream out, ByteBuffer chunk) {
        if (out.size() + chunk.remaining() > RecoveryKit.MAX_LENGTH) {
            throw notAKit();
        }
        byte[] bytes = new byte[chunk.remaining()];
        chunk.duplicate().get(bytes);
        out.writeBytes(bytes);
        return out;
    }

    private static DomainException notAKit() {
        return new DomainException(ErrorCode.RECOVERY_INVALID_KIT, "the stored content is not a recovery kit");
    }

    /** A kit, its record and the CID the chain anchored for it. */
    public record AnchoredKit(RecordId record, Cid cid, RecoveryKit kit) {
    }
}
