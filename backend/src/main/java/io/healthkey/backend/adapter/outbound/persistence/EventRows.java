package io.healthkey.backend.adapter.outbound.persistence;

import io.healthkey.backend.adapter.outbound.persistence.SqlBatch.Null;
import io.healthkey.backend.domain.index.ChainEvent;

/** A {@link ChainEvent} as the 19 values of a {@code chain_event} row, in the table's column order. */
final class EventRows {

    /** Values per row. */
    static final int COLUMNS = 19;

    private static final Null NO_TEXT = new Null(String.class);
    private static final Null NO_INT = new Null(Integer.class);
    private static final Null NO_LONG = new Null(Long.class);

    private EventRows() {
    }

    static Object[] values(ChainEvent event) {
        var at = event.at();
        Object[] row = {at.blockNumber(), at.logIndex(), at.blockHash(), at.transactionHash(),
            event.contract().toString(), event.name(), null, NO_TEXT, NO_TEXT, NO_INT, NO_INT, NO_LONG, NO_INT, NO_LONG,
            NO_TEXT, NO_TEXT, NO_INT, NO_TEXT, at.blockTime()};
        if (event instanceof ChainEvent.Consent e) {
            row[6] = e.key().patient().toString();
            row[7] = e.key().grantee().toString();
            row[8] = e.key().scope().toString();
            row[9] = e.key().action();
            if (!e.revoked()) {
                row[10] = e.purpose();
                row[11] = e.expiresAt();
            }
        } else if (event instanceof ChainEvent.Provider e) {
            row[6] = e.provider().toString();
            row[16] = e.reason();
            e.detail().ifPresent(name -> row[17] = name);
        } else if (event instanceof ChainEvent.Anchor e) {
            row[6] = e.patient().toString();
            row[7] = e.record().author().toString();
            row[8] = e.record().id().toBytes32().toString();
            row[12] = e.category();
            row[13] = (long) e.record().cid().codec().code();
            row[14] = e.record().cid().digest().toString();
            e.record().supersedes().ifPresent(s -> row[15] = s.toBytes32().toString());
        } else if (event instanceof ChainEvent.KeyPublished e) {
            row[6] = e.account().toString();
            row[17] = e.publicKey();
        } else if (event instanceof ChainEvent.Emergency e) {
            EmergencyEventRows.fill(row, e);
        }
        return row;
    }
}
