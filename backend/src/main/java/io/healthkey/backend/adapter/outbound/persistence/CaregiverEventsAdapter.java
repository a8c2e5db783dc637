package io.healthkey.backend.adapter.outbound.persistence;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

import io.healthkey.backend.application.index.CaregiverIndexPort;
import io.healthkey.backend.application.index.CaregiverPairs;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EthAddress;

/** {@link CaregiverIndexPort} on the {@code chain_event} rows {@link EventRows} writes for the caregiver events. */
@Component
class CaregiverEventsAdapter implements CaregiverIndexPort {

    private static final String CHANGE_NAMES = "('CaregiverAppointed', 'CaregiverRevoked')";
    private static final String COLUMNS = "block_number, log_index, block_hash, tx_hash, contract, name, account,"
            + " counterpart, subject, action, expires_at, reason, detail, block_time";

    private final DatabaseClient database;

    CaregiverEventsAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Flux<CaregiverPairs.Pair> caregiverPairs() {
        return database.sql("SELECT DISTINCT account, counterpart FROM chain_event WHERE name IN ('CaregiverAppointed',"
                        + " 'CaregiverRevoked', 'AccessGrantedByCaregiver', 'AccessRevokedByCaregiver')")
                .map(row -> new CaregiverPairs.Pair(EthAddress.parse(row.get("account", String.class)),
                        EthAddress.parse(row.get("counterpart", String.class))))
                .all();
    }

    @Override
    public Flux<ChainEvent.CaregiverChange> changesOfPatient(EthAddress patient) {
        return database.sql("SELECT " + COLUMNS + " FROM chain_event WHERE account = :a AND name IN " + CHANGE_NAMES
                        + " ORDER BY block_number DESC, log_index DESC")
                .bind("a", patient.toString())
                .map(CaregiverEventsAdapter::change)
                .all();
    }

    @Override
    public Flux<ChainEvent.CaregiverChange> changesOfCaregiver(EthAddress caregiver) {
        return database.sql("SELECT " + COLUMNS + " FROM chain_event WHERE counterpart = :c AND name IN "
                        + CHANGE_NAMES + " ORDER BY block_number DESC, log_index DESC")
                .bind("c", caregiver.toString())
                .map(CaregiverEventsAdapter::change)
                .all();
    }

    @Override
    public Flux<ChainEvent.CaregiverConsent> consentsByCaregivers(EthAddress patient) {
        return database.sql("SELECT " + COLUMNS + " FROM chain_event WHERE account = :a AND name IN"
                        + " ('AccessGrantedByCaregiver', 'AccessRevokedByCaregiver')"
                        + " ORDER BY block_number DESC, log_index DESC")
                .bind("a", patient.toString())
                .map(row -> new ChainEvent.CaregiverConsent(position(row), address(row, "contract"),
                        address(row, "detail"), new GrantKey(address(row, "account"), address(row, "counterpart"),
                                Bytes32.parse(row.get("subject", String.class)), row.get("action", Integer.class)),
                        generation(row), "AccessRevokedByCaregiver".equals(row.get("name", String.class))))
                .all();
    }

    private static ChainEvent.CaregiverChange change(Readable row) {
        boolean revoked = "CaregiverRevoked".equals(row.get("name", String.class));
        String scopes = row.get("detail", String.class);
        List<Bytes32> parsed = scopes == null || scopes.isEmpty() ? List.of()
                : Arrays.stream(scopes.split(",")).map(Bytes32::parse).toList();
        return new ChainEvent.CaregiverChange(position(row), address(row, "contract"), address(row, "account"),
                address(row, "counterpart"), Optional.ofNullable(row.get("subject", String.class)).map(EthAddress::parse),
                parsed, Optional.ofNullable(row.get("action", Integer.class)).orElse(0),
                Optional.ofNullable(row.get("expires_at", Long.class)).orElse(0L), generation(row), revoked);
    }

    private static long generation(Readable row) {
        return Integer.toUnsignedLong(Optional.ofNullable(row.get("reason", Integer.class)).orElse(0));
    }

    private static EthAddress address(Readable row, String column) {
        return EthAddress.parse(row.get(column, String.class));
    }

    private static LogPosition position(Readable row) {
        return new LogPosition(row.get("block_number", Long.class), row.get("log_index", Integer.class),
                row.get("block_hash", String.class), row.get("tx_hash", String.class),
                row.get("block_time", Long.class));
    }
}
