package io.healthkey.backend.adapter.outbound.persistence;

import java.util.Optional;

import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.r2dbc.spi.Readable;

/**
 * An emergency event in a {@code chain_event} row (no migration: the row's columns hold it): account the patient,
 * counterpart the requester, subject the reason hash, action the approvals so far, purpose, expires_at the
 * {@code until}, reason the round, detail the approving keyholder.
 */
final class EmergencyEventRows {

    static final String COLUMNS = "block_number, log_index, block_hash, tx_hash, contract, name, account, "
            + "counterpart, subject, action, purpose, expires_at, reason, detail, block_time";

    private EmergencyEventRows() {
    }

    /** Fills {@code row} ({@link EventRows#values}'s order) with what {@code event} has beyond its position. */
    static void fill(Object[] row, ChainEvent.Emergency event) {
        row[6] = event.patient().toString();
        row[7] = event.requester().toString();
        event.reasonHash().ifPresent(hash -> row[8] = hash.toString());
        row[9] = event.approvals();
        row[10] = event.purpose();
        row[11] = event.until();
        row[16] = (int) event.round();
        event.keyholder().ifPresent(keyholder -> row[17] = keyholder.toString());
    }

    /** A row selected with {@link #COLUMNS}. */
    static ChainEvent.Emergency read(Readable row) {
        LogPosition at = new LogPosition(row.get("block_number", Long.class), row.get("log_index", Integer.class),
                row.get("block_hash", String.class), row.get("tx_hash", String.class),
                row.get("block_time", Long.class));
        return new ChainEvent.Emergency(at, EthAddress.parse(row.get("contract", String.class)),
                row.get("name", String.class), EthAddress.parse(row.get("account", String.class)),
                EthAddress.parse(row.get("counterpart", String.class)), orZero(row.get("reason", Integer.class)),
                orZero(row.get("expires_at", Long.class)), (int) orZero(row.get("purpose", Integer.class)),
                Optional.ofNullable(row.get("subject", String.class)).map(Bytes32::parse),
                Optional.ofNullable(row.get("detail", String.class)).map(EthAddress::parse),
                (int) orZero(row.get("action", Integer.class)));
    }

    private static long orZero(Number value) {
        return value == null ? 0 : value.longValue();
    }
}
