package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.availability.AuditedVersion;
import io.healthkey.backend.application.availability.AvailabilityStorePort;
import io.healthkey.backend.application.availability.PinState;
import io.healthkey.backend.application.availability.VersionAvailability;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;

/**
 * The availability audit's state on R2DBC (tables of V13). The versions to audit are the event index's
 * {@code RecordAnchored} events: the chain's word on which CID each version is, whoever anchored it and however it
 * was uploaded, rather than what the records table says; but only those whose ciphertext this service stored
 * (a {@code record_version} row with a CID): a version anchored on chain by an author who never uploaded it here
 * was never ours to keep, and counting it as lost would let any author with WRITE turn the health DOWN at will. A
 * version another anchored version supersedes is left out: its ciphertext is unpinned on purpose once the new
 * version is confirmed.
 */
@Component
class AvailabilityAuditAdapter implements AvailabilityStorePort {

    private final DatabaseClient database;
    private final TransactionalOperator transactions;

    AvailabilityAuditAdapter(DatabaseClient database, TransactionalOperator transactions) {
        this.database = database;
        this.transactions = transactions;
    }

    @Override
    public Flux<AuditedVersion> due(Instant auditedBefore, int limit) {
        return database.sql("SELECT e.subject, e.codec, e.content_digest FROM chain_event e"
                        + " LEFT JOIN availability_audit a ON a.record_id = e.subject"
                        + " WHERE e.name = 'RecordAnchored' AND (a.audited_at IS NULL OR a.audited_at < :before)"
                        + " AND NOT EXISTS (SELECT 1 FROM chain_event s WHERE s.supersedes = e.subject"
                        + " AND s.name = 'RecordAnchored')"
                        + " AND EXISTS (SELECT 1 FROM record_version r WHERE r.record_id = e.subject"
                        + " AND r.cid IS NOT NULL)"
                        + " ORDER BY CASE WHEN a.audited_at IS NULL THEN 0 ELSE 1 END, a.audited_at,"
                        + " e.block_number, e.log_index LIMIT :limit")
                .bind("before", utc(auditedBefore))
                .bind("limit", limit)
                .map(row -> new AuditedVersion(recordId(row.get("subject", String.class)),
                        Cid.of(Codec.fromCode(row.get("codec", Long.class)),
                                Bytes32.parse(row.get("content_digest", String.class)))))
                .all();
    }

    @Override
    public Mono<Void> save(VersionAvailability result) {
        String id = result.id().toBytes32().toString();
        Mono<Void> replace = database.sql("DELETE FROM availability_location WHERE record_id = :id").bind("id", id)
                .then()
                .then(database.sql("DELETE FROM availability_audit WHERE record_id = :id").bind("id", id).then())
                .then(database.sql("INSERT INTO availability_audit (record_id, cid, audited_at, replicas, available)"
                                + " VALUES (:id, :cid, :at, :replicas, :available)")
                        .bind("id", id).bind("cid", result.cid().toString()).bind("at", utc(result.checkedAt()))
                        .bind("replicas", result.replicas()).bind("available", result.available())
                        .then())
                .then(Flux.fromIterable(result.locations().entrySet())
                        .concatMap(location -> database.sql("INSERT INTO availability_location"
                                        + " (record_id, location_name, pin_state) VALUES (:id, :location, :state)")
                                .bind("id", id).bind("location", location.getKey())
                                .bind("state", location.getValue().name()).then())
                        .then());
        return transactions.transactional(replace);
    }

    @Override
    public Flux<VersionAvailability> find(Collection<RecordId> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        List<String> keys = ids.stream().map(id -> id.toBytes32().toString()).toList();
        return results("a.record_id IN (:ids)", keys, Integer.MAX_VALUE);
    }

    @Override
    public Flux<VersionAvailability> unavailable(int limit) {
        return results("a.available = FALSE", null, limit);
    }

    private Flux<VersionAvailability> results(String where, List<String> ids, int limit) {
        DatabaseClient.GenericExecuteSpec sql = database.sql("SELECT a.record_id, a.cid, a.audited_at,"
                + " l.location_name, l.pin_state FROM availability_audit a"
                + " JOIN availability_location l ON l.record_id = a.record_id WHERE " + where
                + " ORDER BY a.audited_at, a.record_id, l.location_name");
        if (ids != null) {
            sql = sql.bind("ids", ids);
        }
        return sql.map(row -> new Row(row.get("record_id", String.class), row.get("cid", String.class),
                        row.get("audited_at", LocalDateTime.class), row.get("location_name", String.class),
                        row.get("pin_state", String.class)))
                .all()
                .bufferUntilChanged(Row::recordId)
                .map(AvailabilityAuditAdapter::availability)
                .take(limit);
    }

    private record Row(String recordId, String cid, LocalDateTime auditedAt, String location, String state) {
    }

    private static VersionAvailability availability(List<Row> rows) {
        Map<String, PinState> states = new LinkedHashMap<>();
        rows.forEach(row -> states.put(row.location(), PinState.valueOf(row.state())));
        Row first = rows.get(0);
        return new VersionAvailability(recordId(first.recordId()), Cid.parse(first.cid()), instant(first.auditedAt()),
                states);
    }

    private static RecordId recordId(String bytes32) {
        return RecordId.fromBytes32(Bytes32.parse(bytes32));
    }
}
