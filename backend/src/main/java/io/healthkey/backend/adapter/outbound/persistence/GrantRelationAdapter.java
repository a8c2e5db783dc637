package io.healthkey.backend.adapter.outbound.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.audit.GrantRelationPort;
import io.healthkey.protocol.EthAddress;

/**
 * {@link GrantRelationPort} on R2DBC: an {@code AccessGranted} event from the patient to the reader in the event
 * index ({@code chain_event}, any block the index holds), a wrapped key for the reader of a record whose id starts
 * with the patient's address ({@code record_key}), or a read of the patient's records this service allowed the
 * reader ({@code record_read}). The last one covers a grantee revoked before the index holds its grant's block (the
 * index trails the head by the confirmation depth) whose keys the revocation dropped: still no stranger.
 */
@Component
class GrantRelationAdapter implements GrantRelationPort {

    private final DatabaseClient database;

    GrantRelationAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Boolean> holdsAnyGrant(EthAddress patient, EthAddress reader) {
        return database.sql("""
                        SELECT 1 AS related FROM chain_event
                        WHERE account = :patient AND name = 'AccessGranted' AND counterpart = :reader
                        UNION ALL
                        SELECT 1 AS related FROM record_key WHERE reader = :reader AND record_id LIKE :records
                        UNION ALL
                        SELECT 1 AS related FROM record_read WHERE patient = :patient AND reader = :reader
                            AND allowed = TRUE""")
                .bind("patient", patient.toString())
                .bind("reader", reader.toString())
                .bind("records", patient.toLowerHex() + "%")
                .map(row -> Boolean.TRUE)
                .all()
                .hasElements();
    }
}
