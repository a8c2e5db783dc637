package io.healthkey.backend.adapter.outbound.persistence;

import io.healthkey.backend.adapter.outbound.persistence.SqlBatch.Null;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.Bytes32;

/**
 * A {@link ChainEvent} as the 19 values of a {@code chain_event} row, in the table's column order.
 *
 * <p>The smart-account events reuse the generic columns: {@code AccountCreated} has {@code contract} the factory and
 * {@code account} the account; a recovery step ({@link AccountRecoveryRows}) has {@code contract} and {@code account}
 * the account, and its round in {@code action}.
 */
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
        } else if (event instanceof ChainEvent.AccountCreated e) {
            row[6] = e.account().toString();
        } else if (event instanceof ChainEvent.AccountRecovery e) {
            AccountRecoveryRows.fill(row, e);
        } else if (event instanceof ChainEvent.CaregiverChange e) {
            caregiverChange(row, e);
        } else if (event instanceof ChainEvent.CaregiverConsent e) {
            row[6] = e.key().patient().toString();
            row[7] = e.key().grantee().toString();
            row[8] = e.key().scope().toString();
            row[9] = e.key().action();
            row[16] = (int) e.generation();
            row[17] = e.caregiver().toString();
        } else if (event instanceof ChainEvent.KeyPublished e) {
            row[6] = e.account().toString();
            row[17] = e.publicKey();
        } else if (event instanceof ChainEvent.Emergency e) {
            EmergencyEventRows.fill(row, e);
        }
        return row;
    }

    /**
     * account the patient, counterpart the caregiver, subject the appointer, action the powers, reason the
     * generation, detail the scopes (0x hex joined by commas; at most 8, migration V18 widened the column for them).
     */
    private static void caregiverChange(Object[] row, ChainEvent.CaregiverChange e) {
        row[6] = e.patient().toString();
        row[7] = e.caregiver().toString();
        e.appointer().ifPresent(appointer -> row[8] = appointer.toString());
        row[16] = (int) e.generation();
        if (!e.revoked()) {
            row[9] = e.powers();
            row[11] = e.expiresAt();
            row[17] = String.join(",", e.scopes().stream().map(Bytes32::toString).toList());
        }
    }
}
