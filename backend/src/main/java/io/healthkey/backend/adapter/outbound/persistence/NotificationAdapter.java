package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.notification.NotificationStorePort;
import io.healthkey.backend.domain.notification.Notification;
import io.healthkey.backend.domain.notification.NotificationEvent;
import io.healthkey.backend.domain.notification.NotificationType;
import io.healthkey.protocol.EthAddress;

/**
 * {@link NotificationStorePort} on R2DBC. A notification's fields are stored as {@code name=value} lines: the
 * alphabets {@link NotificationEvent} allows have neither {@code =} nor a line break.
 */
@Component
class NotificationAdapter implements NotificationStorePort {

    private final DatabaseClient database;
    private final TransactionalOperator transactions;

    NotificationAdapter(DatabaseClient database, ReactiveTransactionManager transactions) {
        this.database = database;
        this.transactions = TransactionalOperator.create(transactions);
    }

    @Override
    public Mono<Notification> append(EthAddress patient, NotificationEvent event, Instant at, int keep) {
        Mono<Notification> stored = database.sql("""
                        INSERT INTO notification (patient, type, data, created_at)
                        VALUES (:patient, :type, :data, :at)""")
                .bind("patient", patient.toString())
                .bind("type", event.type().wireName())
                .bind("data", encode(event.data()))
                .bind("at", utc(at))
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get("id", Long.class))
                .one()
                .map(id -> new Notification(id, patient, event, at));
        return transactions.transactional(stored.flatMap(notification -> enqueueDeliveries(notification)
                .then(trim(patient, keep)).thenReturn(notification)));
    }

    @Override
    public Flux<Notification> after(EthAddress patient, long afterId, int limit) {
        return database.sql("""
                        SELECT id, patient, type, data, created_at FROM notification
                        WHERE patient = :patient AND id > :after ORDER BY id LIMIT :limit""")
                .bind("patient", patient.toString())
                .bind("after", afterId)
                .bind("limit", limit)
                .map(NotificationAdapter::notification)
                .all();
    }

    private Mono<Void> enqueueDeliveries(Notification notification) {
        return database.sql("SELECT id FROM webhook_endpoint WHERE patient = :patient")
                .bind("patient", notification.patient().toString())
                .map(row -> row.get("id", String.class))
                .all()
                .concatMap(endpointId -> database.sql("""
                                INSERT INTO webhook_delivery
                                    (id, endpoint_id, notification_id, attempts, status, next_attempt_at)
                                VALUES (:id, :endpoint, :notification, 0, 'PENDING', :due)""")
                        .bind("id", "dlv_" + notification.id() + "_" + endpointId)
                        .bind("endpoint", endpointId)
                        .bind("notification", notification.id())
                        .bind("due", utc(notification.at()))
                        .fetch().rowsUpdated())
                .then();
    }

    /** Keeps the newest {@code keep}, and older ones a pending delivery still needs. */
    private Mono<Void> trim(EthAddress patient, int keep) {
        return database.sql("""
                        SELECT id FROM notification WHERE patient = :patient ORDER BY id DESC LIMIT 1 OFFSET :keep""")
                .bind("patient", patient.toString())
                .bind("keep", keep)
                .map(row -> row.get("id", Long.class))
                .one()
                .flatMap(oldestDropped -> database.sql("""
                                DELETE FROM notification WHERE patient = :patient AND id <= :oldest
                                AND id NOT IN (SELECT notification_id FROM webhook_delivery WHERE status = 'PENDING')""")
                        .bind("patient", patient.toString())
                        .bind("oldest", oldestDropped)
                        .fetch().rowsUpdated())
                .then();
    }

    private static Notification notification(Readable row) {
        return notification(row.get("id", Long.class), row.get("patient", String.class), row.get("type", String.class),
                row.get("data", String.class), row.get("created_at", LocalDateTime.class));
    }

    /** A notification from its stored columns. */
    static Notification notification(long id, String patient, String type, String data, LocalDateTime createdAt) {
        return new Notification(id, EthAddress.parse(patient),
                new NotificationEvent(NotificationType.ofWireName(type).orElseThrow(), decode(data)),
                instant(createdAt));
    }

    private static String encode(Map<String, String> data) {
        return data.entrySet().stream().map(field -> field.getKey() + "=" + field.getValue())
                .collect(Collectors.joining("\n"));
    }

    private static Map<String, String> decode(String lines) {
        Map<String, String> data = new LinkedHashMap<>();
        if (!lines.isEmpty()) {
            for (String line : lines.split("\n")) {
                int equals = line.indexOf('=');
                data.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return data;
    }
}
