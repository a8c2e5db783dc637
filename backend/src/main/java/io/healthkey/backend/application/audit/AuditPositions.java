package io.healthkey.backend.application.audit;

import java.time.Instant;
import java.util.Comparator;

import io.healthkey.backend.domain.audit.PageCursor;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.protocol.RecordId;

/**
 * The sort keys of the audit lists and their cursors. Each key is unique within its list and never changes for an
 * item, so "the items after this key" is the same set however many items are added meanwhile.
 */
final class AuditPositions {

    private AuditPositions() {
    }

    /** Reads: by row id, highest first. */
    static PageCursor ofRead(LoggedRead read) {
        return PageCursor.of(AuditUseCase.READS, Long.toString(read.id()));
    }

    static long readIdOf(PageCursor cursor) {
        long id = cursor.number(0);
        if (id < 1) {
            throw cursor.malformed();
        }
        return id;
    }

    /** Records: by serial, highest first, then by id (a serial may repeat across categories). */
    static final Comparator<RecordId> RECORD_ORDER = Comparator.comparing(RecordId::serial, Comparator.reverseOrder())
            .thenComparing(RecordId::toHex, Comparator.reverseOrder());

    static PageCursor ofRecord(RecordVersion version) {
        return PageCursor.of(AuditUseCase.RECORDS, version.id().toHex());
    }

    static RecordId recordIdOf(PageCursor cursor) {
        try {
            return RecordId.parse(cursor.field(0));
        } catch (RuntimeException notARecordId) {
            throw cursor.malformed();
        }
    }

    /**
     * Consent changes: the pending ones first (newest accepted first, then by request id), then the mined ones (newest
     * block first, then the later log first). A pending change that is mined meanwhile moves to the mined part, where
     * it is listed once more if the client's cursor is still in the pending part: the change of status is real.
     */
    record ConsentPosition(boolean mined, long first, long second, String requestId) {

        static final Comparator<ConsentPosition> ORDER = Comparator.comparing(ConsentPosition::mined)
                .thenComparingLong(ConsentPosition::first).thenComparingLong(ConsentPosition::second)
                .thenComparing(ConsentPosition::requestId);

        static ConsentPosition of(ConsentChange change) {
            if (change.event().isPresent()) {
                return new ConsentPosition(true, -change.event().get().blockNumber(), -change.event().get().logIndex(),
                        "-");
            }
            Instant accepted = change.request().orElseThrow().acceptedAt();
            return new ConsentPosition(false, -accepted.getEpochSecond(), -accepted.getNano(),
                    change.request().orElseThrow().id());
        }

        PageCursor cursor() {
            return PageCursor.of(AuditUseCase.CONSENTS, mined ? "m" : "p", Long.toString(first), Long.toString(second),
                    requestId);
        }

        static ConsentPosition of(PageCursor cursor) {
            String part = cursor.field(0);
            if (!part.equals("m") && !part.equals("p")) {
                throw cursor.malformed();
            }
            return new ConsentPosition(part.equals("m"), cursor.number(1), cursor.number(2), cursor.field(3));
        }
    }
}
