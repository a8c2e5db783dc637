package io.healthkey.backend.fault;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows of every kind the backend keeps, written in batches (one database transaction each, as the backend accepts a
 * request), and a fingerprint of a database's tables to tell whether a restore brought back exactly those rows.
 * Each batch inserts records and their readers' wrapped keys, accepted chain requests, outbox transactions and
 * their signed attempts, relayed transactions, reads and a receipt batch over them, sign-in nonces and indexed
 * events, and moves the relayer's nonce and the index's cursor forward (updates, not only inserts); the first one
 * records the chain identity.
 */
final class BackupRows {

    /** The tables each batch changes: a restore that misses one batch differs from it in each of them. */
    static final List<String> CHANGED_BY_EACH_BATCH = List.of("record_version", "record_key", "chain_request",
            "outbox_transaction", "outbox_attempt", "relayer_nonce", "relayed_transaction", "record_read",
            "read_receipt_batch", "read_receipt", "siwe_nonce", "chain_event", "indexed_block", "index_cursor");

    private static final int ROWS_PER_BATCH = 3;
    private static final String RELAYER = address(0xfee);

    private BackupRows() {
    }

    static void write(Connection db, int batch) throws SQLException {
        db.setAutoCommit(false);
        try {
            for (int row = 0; row < ROWS_PER_BATCH; row++) {
                int n = batch * 100 + row;
                writeRecord(db, batch, n);
                writeOutbox(db, batch, n);
                writeIndexedEvent(db, batch, n);
                update(db, "INSERT INTO record_read (record_id, patient, reader, allowed, block_number, read_at,"
                        + " last_read_at) VALUES (?, ?, ?, TRUE, ?, ?, ?)",
                        recordId(n), address(batch), address(n), n, time(batch, row), time(batch, row));
                update(db, "INSERT INTO read_receipt (read_id, batch_number, leaf_index, salt, read_at, leaf_hash)"
                        + " VALUES ((SELECT max(id) FROM record_read), ?, ?, ?, ?, ?)",
                        batch, row, hash(n + 1000), n, hash(n + 2000));
                update(db, "INSERT INTO relayed_transaction (kind, account, transaction_hash, block_number, gas_used,"
                        + " relayed_at) VALUES ('GRANT', ?, ?, ?, 50000, ?)", address(batch), hash(n + 3000), n,
                        time(batch, row));
                update(db, "INSERT INTO siwe_nonce (nonce, issued_at, expires_at) VALUES (?, ?, ?)",
                        "nonce" + n, time(batch, row), time(batch + 1, row));
            }
            update(db, "INSERT INTO read_receipt_batch (batch_number, root, leaf_count, first_read_id, last_read_id,"
                    + " status, prepared_at) SELECT ?, ?, count(*), min(read_id), max(read_id), 'PREPARED', ?"
                    + " FROM read_receipt WHERE batch_number = ?", batch, hash(batch), time(batch, 9), batch);
            if (batch == 1) {
                update(db, "INSERT INTO chain_identity (id, chain_id, block_number, block_hash)"
                        + " VALUES (1, 31337, 0, ?)", hash(0));
            }
            long nextNonce = (long) batch * ROWS_PER_BATCH;
            if (update(db, "UPDATE relayer_nonce SET next_nonce = ? WHERE relayer = ?", nextNonce, RELAYER) == 0) {
                update(db, "INSERT INTO relayer_nonce (relayer, next_nonce) VALUES (?, ?)", RELAYER, nextNonce);
            }
            int lastBlock = batch * 100 + ROWS_PER_BATCH - 1;
            if (update(db, "UPDATE index_cursor SET block_number = ?, block_hash = ?, parent_hash = ?, block_time = ?"
                    + " WHERE id = 1", lastBlock, hash(lastBlock), hash(lastBlock - 1), lastBlock) == 0) {
                update(db, "INSERT INTO index_cursor (id, block_number, block_hash, parent_hash, block_time)"
                        + " VALUES (1, ?, ?, ?, ?)", lastBlock, hash(lastBlock), hash(lastBlock - 1), lastBlock);
            }
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    private static void writeRecord(Connection db, int batch, int n) throws SQLException {
        update(db, "INSERT INTO record_version (record_id, patient, serial, category, author, origin, status,"
                + " media_type, cid, size, rekey_required, created_at, expires_at)"
                + " VALUES (?, ?, ?, 1, ?, 'PATIENT', 'ANCHORED', 'application/fhir+json', ?, ?, FALSE, ?, ?)",
                recordId(n), address(batch), BigDecimal.valueOf(n), address(batch), "bafy" + n, 1000 + n,
                time(batch, 0), time(batch + 1, 0));
        for (String reader : List.of(address(batch), address(n))) {
            update(db, "INSERT INTO record_key (record_id, reader, wrapped_key) VALUES (?, ?, ?)",
                    recordId(n), reader, "wrapped-" + n + "-for-" + reader);
        }
    }

    private static void writeOutbox(Connection db, int batch, int n) throws SQLException {
        String request = "00000000-0000-0000-0000-%012d".formatted(n);
        String transaction = "00000000-0000-0000-0001-%012d".formatted(n);
        update(db, "INSERT INTO chain_request (id, kind, account, patient, subject, status, accepted_at, updated_at,"
                + " target, calldata, outbox_transaction) VALUES (?, 'ANCHOR', ?, ?, ?, 'SENT', ?, ?, ?, ?, ?)",
                request, address(batch), address(batch), recordId(n), time(batch, 0), time(batch, 1),
                address(0xc0de), "0x" + n, transaction);
        update(db, "INSERT INTO outbox_transaction (id, relayer, nonce, target, calldata, gas_limit, status,"
                + " succeeded, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'SENT', FALSE, ?, ?)",
                transaction, RELAYER, n, address(0xc0de), "0x" + n, BigDecimal.valueOf(90_000 + n),
                time(batch, 0), time(batch, 1));
        update(db, "INSERT INTO outbox_attempt (transaction_id, attempt, hash, raw_transaction, max_fee,"
                + " priority_fee, cancel, sent_at) VALUES (?, 1, ?, ?, ?, ?, FALSE, ?)",
                transaction, hash(n), "0x02f8" + n, BigDecimal.valueOf(2_000_000_000L), BigDecimal.ONE, time(batch, 1));
    }

    private static void writeIndexedEvent(Connection db, int batch, int n) throws SQLException {
        update(db, "INSERT INTO indexed_block (block_number, block_hash, parent_hash, block_time) VALUES (?, ?, ?, ?)",
                n, hash(n), hash(n - 1), n);
        update(db, "INSERT INTO chain_event (block_number, log_index, block_hash, tx_hash, contract, name, account,"
                + " counterpart, subject, block_time) VALUES (?, 0, ?, ?, ?, 'RecordAnchored', ?, ?, ?, ?)",
                n, hash(n), hash(n), address(0xc0de), address(batch), address(batch), recordId(n), n);
    }

    /**
     * Every table of the database's {@code public} schema (Flyway's history included) to its row count and a digest
     * of its rows in a fixed order: equal fingerprints, equal contents.
     */
    static Map<String, String> fingerprint(Connection db) throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        try (Statement query = db.createStatement();
                ResultSet names = query.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
            while (names.next()) {
                tables.put(names.getString(1), null);
            }
        }
        for (String table : tables.keySet()) {
            try (Statement query = db.createStatement();
                    ResultSet digest = query.executeQuery("SELECT count(*) || ' rows, md5 ' || md5(coalesce("
                            + "string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"" + table + "\" t")) {
                digest.next();
                tables.put(table, digest.getString(1));
            }
        }
        return tables;
    }

    private static int update(Connection db, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static String address(int n) {
        return "0x%040x".formatted(n);
    }

    private static String recordId(int n) {
        return "0x%064x".formatted(n);
    }

    private static String hash(int n) {
        return "0x%064x".formatted(0xb10c_0000L + n);
    }

    private static Timestamp time(int batch, int minute) {
        return Timestamp.valueOf(LocalDateTime.of(2026, 1, batch, 12, minute));
    }
}
