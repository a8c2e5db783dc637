package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.healthkey.backend.application.recovery.RecoveryStorePort;
import io.healthkey.backend.domain.recovery.RecoveryEvent;
import io.healthkey.backend.domain.recovery.RecoveryRequest;
import io.healthkey.backend.domain.recovery.ShareTransfer;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.eip712.ShareTransferMessage;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link RecoveryStorePort} on R2DBC (migration V15). A request and its guardians, a transfer and its log entry are
 * each written in one transaction; the transfer table's primary key (request, guardian) decides which of two
 * concurrent transfers of one guardian wins.
 */
@Component
class RecoveryStoreAdapter implements RecoveryStorePort {

    private static final String REQUEST_COLUMNS = "r.request_id, r.patient, r.kit_record, r.kit_cid, r.kit_id, "
            + "r.device_key, r.threshold, r.created_at, r.expires_at";

    private final DatabaseClient database;
    private final TransactionalOperator transactions;

    RecoveryStoreAdapter(DatabaseClient database, TransactionalOperator transactions) {
        this.database = database;
        this.transactions = transactions;
    }

    @Override
    public Mono<Void> create(RecoveryRequest request, RecoveryEvent requested) {
        Mono<Long> row = database.sql("""
                        INSERT INTO recovery_request (request_id, patient, kit_record, kit_cid, kit_id, device_key,
                            threshold, created_at, expires_at)
                        VALUES (:id, :patient, :kitRecord, :kitCid, :kitId, :deviceKey, :threshold, :createdAt,
                            :expiresAt)""")
                .bind("id", request.id())
                .bind("patient", request.patient().toString())
                .bind("kitRecord", request.kitRecord().toHex())
                .bind("kitCid", request.kitCid().toString())
                .bind("kitId", request.kitId().toHex())
                .bind("deviceKey", request.deviceKey().toHex())
                .bind("threshold", request.threshold())
                .bind("createdAt", utc(request.createdAt()))
                .bind("expiresAt", utc(request.expiresAt()))
                .fetch().rowsUpdated();
        List<EthAddress> guardians = request.guardians();
        Flux<Long> guardianRows = Flux.range(0, guardians.size()).concatMap(position -> database.sql("""
                        INSERT INTO recovery_request_guardian (request_id, guardian, position)
                        VALUES (:id, :guardian, :position)""")
                .bind("id", request.id())
                .bind("guardian", guardians.get(position).toString())
                .bind("position", position)
                .fetch().rowsUpdated());
        return row.thenMany(guardianRows).then(log(requested)).as(transactions::transactional);
    }

    @Override
    public Mono<Long> countSince(EthAddress patient, Instant since) {
        return database.sql("SELECT COUNT(*) AS made FROM recovery_request WHERE patient = :patient AND created_at >= :since")
                .bind("patient", patient.toString())
                .bind("since", utc(since))
                .map(row -> row.get("made", Long.class))
                .one();
    }

    @Override
    public Mono<RecoveryRequest> find(String id) {
        return database.sql("SELECT " + REQUEST_COLUMNS + " FROM recovery_request r WHERE r.request_id = :id")
                .bind("id", id)
                .map(RecoveryStoreAdapter::requestRow)
                .one()
                .flatMap(this::withGuardians);
    }

    @Override
    public Flux<RecoveryRequest> openFor(EthAddress guardian, Instant now) {
        return database.sql("SELECT " + REQUEST_COLUMNS + """
                         FROM recovery_request r JOIN recovery_request_guardian g ON g.request_id = r.request_id
                        WHERE g.guardian = :guardian AND r.expires_at > :now
                        ORDER BY r.created_at DESC, r.request_id""")
                .bind("guardian", guardian.toString())
                .bind("now", utc(now))
                .map(RecoveryStoreAdapter::requestRow)
                .all()
                .concatMap(this::withGuardians);
    }

    @Override
    public Mono<Boolean> addTransfer(ShareTransfer transfer, RecoveryEvent transferred) {
        ShareTransferMessage message = transfer.message();
        return database.sql("""
                        INSERT INTO recovery_transfer (request_id, guardian, share, deadline, signature, accepted_at)
                        VALUES (:id, :guardian, :share, :deadline, :signature, :acceptedAt)""")
                .bind("id", transfer.requestId())
                .bind("guardian", message.guardian().toString())
                .bind("share", Hex.encode(message.share()))
                .bind("deadline", utc(message.deadline()))
                .bind("signature", transfer.signature().toHex())
                .bind("acceptedAt", utc(transfer.acceptedAt()))
                .fetch().rowsUpdated()
                .then(log(transferred))
                .as(transactions::transactional)
                .thenReturn(true)
                .onErrorResume(DataIntegrityViolationException.class, duplicate -> Mono.just(false));
    }

    @Override
    public Flux<ShareTransfer> transfers(String requestId) {
        return find(requestId).flatMapMany(request -> database.sql("""
                        SELECT guardian, share, deadline, signature, accepted_at FROM recovery_transfer
                        WHERE request_id = :id ORDER BY accepted_at, guardian""")
                .bind("id", requestId)
                .map(row -> new ShareTransfer(requestId, new ShareTransferMessage(request.kitId(), request.patient(),
                        EthAddress.parse(row.get("guardian", String.class)), request.deviceKey(),
                        Hex.decode(row.get("share", String.class), "share"), timestamp(row, "deadline")),
                        AccountSignature.parse(row.get("signature", String.class)), timestamp(row, "accepted_at")))
                .all());
    }

    @Override
    public Mono<Void> log(RecoveryEvent event) {
        return database.sql("""
                        INSERT INTO recovery_event (patient, request_id, kind, actor, device_key, at)
                        VALUES (:patient, :requestId, :kind, :actor, :deviceKey, :at)""")
                .bind("patient", event.patient().toString())
                .bind("requestId", event.requestId())
                .bind("kind", event.kind().name())
                .bind("actor", event.actor().toString())
                .bind("deviceKey", event.deviceKey().toHex())
                .bind("at", utc(event.at()))
                .fetch().rowsUpdated()
                .then();
    }

    @Override
    public Flux<RecoveryEvent> log(EthAddress patient, int limit) {
        return database.sql("""
                        SELECT request_id, kind, actor, device_key, at FROM recovery_event
                        WHERE patient = :patient ORDER BY id DESC LIMIT :limit""")
                .bind("patient", patient.toString())
                .bind("limit", limit)
                .map(row -> new RecoveryEvent(patient, row.get("request_id", String.class),
                        RecoveryEvent.Kind.valueOf(row.get("kind", String.class)),
                        EthAddress.parse(row.get("actor", String.class)),
                        EncryptionPublicKey.parse(row.get("device_key", String.class)), timestamp(row, "at")))
                .all();
    }

    private Mono<RecoveryRequest> withGuardians(RecoveryRequest withoutGuardians) {
        return database.sql("SELECT guardian FROM recovery_request_guardian WHERE request_id = :id ORDER BY position")
                .bind("id", withoutGuardians.id())
                .map(row -> EthAddress.parse(row.get("guardian", String.class)))
                .all()
                .collectList()
                .map(guardians -> new RecoveryRequest(withoutGuardians.id(), withoutGuardians.patient(),
                        withoutGuardians.kitRecord(), withoutGuardians.kitCid(), withoutGuardians.kitId(),
                        withoutGuardians.deviceKey(), withoutGuardians.threshold(), guardians,
                        withoutGuardians.createdAt(), withoutGuardians.expiresAt()));
    }

    private static RecoveryRequest requestRow(Readable row) {
        return new RecoveryRequest(row.get("request_id", String.class), EthAddress.parse(row.get("patient", String.class)),
                RecordId.parse(row.get("kit_record", String.class)), Cid.parse(row.get("kit_cid", String.class)),
                Bytes32.parse(row.get("kit_id", String.class)), EncryptionPublicKey.parse(row.get("device_key", String.class)),
                row.get("threshold", Integer.class), List.of(), timestamp(row, "created_at"), timestamp(row, "expires_at"));
    }

    private static Instant timestamp(Readable row, String column) {
        return instant(row.get(column, LocalDateTime.class));
    }
}
