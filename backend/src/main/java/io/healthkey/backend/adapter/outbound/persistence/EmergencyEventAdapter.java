package io.healthkey.backend.adapter.outbound.persistence;

import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.healthkey.backend.application.emergency.EmergencyEventsPort;
import io.healthkey.backend.domain.emergency.EmergencyWindow;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.protocol.EthAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link EmergencyEventsPort} on the index's {@code chain_event} rows ({@link EmergencyEventRows}). */
@Component
class EmergencyEventAdapter implements EmergencyEventsPort {

    private static final String NAMES = "('EmergencyAccessRequested', 'EmergencyAccessApproved', "
            + "'EmergencyWindowOpened', 'EmergencyAccessClosed')";

    private final DatabaseClient database;

    EmergencyEventAdapter(DatabaseClient database) {
        this.database = database;
    }

    @Override
    public Mono<EmergencyWindow> openWindow(EthAddress patient, EthAddress requester, Instant at) {
        return database.sql("SELECT " + EmergencyEventRows.COLUMNS + " FROM chain_event WHERE account = :patient"
                        + " AND counterpart = :requester AND name = 'EmergencyWindowOpened' AND block_time <= :at"
                        + " ORDER BY block_number DESC, log_index DESC LIMIT 1")
                .bind("patient", patient.toString())
                .bind("requester", requester.toString())
                .bind("at", at.getEpochSecond())
                .map((row, metadata) -> EmergencyEventRows.read(row))
                .one()
                .filter(opened -> at.getEpochSecond() < opened.until())
                .filterWhen(opened -> closedAfter(opened).map(closed -> !closed))
                .map(opened -> new EmergencyWindow(patient, requester, Instant.ofEpochSecond(opened.at().blockTime()),
                        Instant.ofEpochSecond(opened.until()), opened.reasonHash().orElseThrow(),
                        opened.at().transactionHash()));
    }

    @Override
    public Mono<ChainEvent.Emergency> latestRequest(EthAddress patient, EthAddress requester) {
        return database.sql("SELECT " + EmergencyEventRows.COLUMNS + " FROM chain_event WHERE account = :patient"
                        + " AND counterpart = :requester AND name = 'EmergencyAccessRequested'"
                        + " ORDER BY block_number DESC, log_index DESC LIMIT 1")
                .bind("patient", patient.toString())
                .bind("requester", requester.toString())
                .map((row, metadata) -> EmergencyEventRows.read(row))
                .one();
    }

    @Override
    public Flux<ChainEvent.Emergency> history(EthAddress patient, int limit) {
        return database.sql("SELECT " + EmergencyEventRows.COLUMNS + " FROM chain_event WHERE account = :patient"
                        + " AND name IN " + NAMES + " ORDER BY block_number DESC, log_index DESC LIMIT :limit")
                .bind("patient", patient.toString())
                .bind("limit", limit)
                .map((row, metadata) -> EmergencyEventRows.read(row))
                .all();
    }

    private Mono<Boolean> closedAfter(ChainEvent.Emergency opened) {
        return database.sql("SELECT COUNT(*) AS closures FROM chain_event WHERE account = :patient"
                        + " AND counterpart = :requester AND name = 'EmergencyAccessClosed'"
                        + " AND (block_number > :block OR (block_number = :block AND log_index > :logIndex))")
                .bind("patient", opened.patient().toString())
                .bind("requester", opened.requester().toString())
                .bind("block", opened.at().blockNumber())
                .bind("logIndex", opened.at().logIndex())
                .map((row, metadata) -> row.get("closures", Long.class))
                .one()
                .map(closures -> closures > 0);
    }
}
