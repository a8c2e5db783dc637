package io.healthkey.backend.adapter.out.persistence;

import static io.healthkey.backend.adapter.out.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.out.persistence.Timestamps.utc;

import java.time.LocalDateTime;
import java.util.Optional;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.port.out.ConsentLogPort;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.consent.ConsentChange;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;

/** {@link ConsentLogPort} on R2DBC. */
@Component
class ConsentLogAdapter implements ConsentLogPort {

    private final DatabaseClient database;

    ConsentLogAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<Void> append(ConsentChange change) {
        DatabaseClient.GenericExecuteSpec insert = database.sql("""
                        INSERT INTO consent_change (kind, patient, grantee, scope, action, purpose, expires_at,
                            transaction_hash, block_number, gas_used, changed_at)
                        VALUES (:kind, :patient, :grantee, :scope, :action, :purpose, :expiresAt, :hash, :block, :gas,
                            :at)""")
                .bind("kind", change.kind().name())
                .bind("patient", change.patient().toString())
                .bind("grantee", change.grantee().toString())
                .bind("scope", change.scope().toBytes32().toString())
                .bind("action", change.action().code())
                .bind("hash", change.transaction().transactionHash())
                .bind("block", change.transaction().blockNumber())
                .bind("gas", change.transaction().gasUsed())
                .bind("at", utc(change.at()));
        insert = change.purpose().isPresent() ? insert.bind("purpose", change.purpose().get().code())
                : insert.bindNull("purpose", Integer.class);
        insert = change.expiresAt().isPresent() ? insert.bind("expiresAt", utc(change.expiresAt().get()))
                : insert.bindNull("expiresAt", LocalDateTime.class);
        return insert.then();
    }

    @Override
    public Flux<ConsentChange> forPatient(EthAddress patient) {
        return database.sql("""
                        SELECT kind, patient, grantee, scope, action, purpose, expires_at, transaction_hash,
                            block_number, gas_used, changed_at
                        FROM consent_change WHERE patient = :patient ORDER BY changed_at DESC, id DESC""")
                .bind("patient", patient.toString())
                .map(row -> new ConsentChange(
                        ConsentChange.Kind.valueOf(row.get("kind", String.class)),
                        patient,
                        EthAddress.parse(row.get("grantee", String.class)),
                        Scope.fromBytes32(patient, Bytes32.parse(row.get("scope", String.class))),
                        Action.ofCode(row.get("action", Integer.class)),
                        Optional.ofNullable(row.get("purpose", Integer.class)).map(Purpose::ofCode),
                        Optional.ofNullable(row.get("expires_at", LocalDateTime.class)).map(Timestamps::instant),
                        new MinedTransaction(row.get("transaction_hash", String.class),
                                row.get("block_number", Long.class), row.get("gas_used", Long.class)),
                        instant(row.get("changed_at", LocalDateTime.class))))
                .all();
    }
}
