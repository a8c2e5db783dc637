package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.LocalDateTime;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.healthkey.backend.application.emergency.EmergencyReasons;
import io.healthkey.backend.domain.emergency.EmergencyReason;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Mono;

/**
 * {@link EmergencyReasons} on R2DBC (migration V19). A second save of the same (patient, requester, hash) inserts
 * nothing: one statement that cannot fail on the key, so that it never aborts the outbox's transaction it joins.
 */
@Component
class EmergencyReasonAdapter implements EmergencyReasons {

    private final DatabaseClient database;

    EmergencyReasonAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Void> save(EmergencyReason reason) {
        return database.sql("""
                        INSERT INTO emergency_reason (patient, requester, reason_hash, reason, created_at)
                        SELECT :patient, :requester, :hash, :reason, :at WHERE NOT EXISTS (
                            SELECT 1 FROM emergency_reason
                            WHERE patient = :patient AND requester = :requester AND reason_hash = :hash)""")
                .bind("patient", reason.patient().toString())
                .bind("requester", reason.requester().toString())
                .bind("hash", reason.hash().toHex())
                .bind("reason", reason.text())
                .bind("at", utc(reason.at()))
                .fetch().rowsUpdated().then();
    }

    @Override
    public Mono<EmergencyReason> find(EthAddress patient, EthAddress requester, Bytes32 hash) {
        return database.sql("SELECT reason, created_at FROM emergency_reason"
                        + " WHERE patient = :patient AND requester = :requester AND reason_hash = :hash")
                .bind("patient", patient.toString())
                .bind("requester", requester.toString())
                .bind("hash", hash.toHex())
                .map(row -> new EmergencyReason(patient, requester, hash, row.get("reason", String.class),
                        instant(row.get("created_at", LocalDateTime.class))))
                .one();
    }
}
