package io.healthkey.backend.adapter.outbound.persistence;

import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.instant;
import static io.healthkey.backend.adapter.outbound.persistence.Timestamps.utc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.OptionalInt;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.notification.WebhookStorePort;
import io.healthkey.backend.domain.notification.DeliveryAttempt;
import io.healthkey.backend.domain.notification.DeliveryStatus;
import io.healthkey.backend.domain.notification.WebhookDelivery;
import io.healthkey.backend.domain.notification.WebhookEndpoint;
import io.healthkey.backend.domain.notification.WebhookSecret;
import io.healthkey.protocol.EthAddress;

/**
 * {@link WebhookStorePort} on R2DBC. A delivery is claimed with one conditional {@code UPDATE} on the due time it was
 * read with: of two runners, the database lets exactly one change the row.
 */
@Component
class WebhookAdapter implements WebhookStorePort {

    private final DatabaseClient database;
    private final TransactionalOperator transactions;

    WebhookAdapter(DatabaseClient database, ReactiveTransactionManager transactions) {
        this.database = database;
        this.transactions = TransactionalOperator.create(transactions);
    }

    @Override
    public Mono<Void> insert(WebhookEndpoint endpoint) {
        return database.sql("""
                        INSERT INTO webhook_endpoint (id, patient, url, secret, created_at)
                        VALUES (:id, :patient, :url, :secret, :at)""")
                .bind("id", endpoint.id())
                .bind("patient", endpoint.patient().toString())
                .bind("url", endpoint.url())
                .bind("secret", endpoint.secret().encoded())
                .bind("at", utc(endpoint.createdAt()))
                .fetch().rowsUpdated().then();
    }

    @Override
    public Flux<WebhookEndpoint> endpoints(EthAddress patient) {
        return database.sql("""
                        SELECT id, patient, url, secret, created_at FROM webhook_endpoint
                        WHERE patient = :patient ORDER BY created_at, id""")
                .bind("patient", patient.toString())
                .map(WebhookAdapter::endpoint)
                .all();
    }

    @Override
    public Mono<Boolean> delete(EthAddress patient, String endpointId) {
        Mono<Long> endpoint = database.sql("DELETE FROM webhook_endpoint WHERE id = :id AND patient = :patient")
                .bind("id", endpointId).bind("patient", patient.toString())
                .fetch().rowsUpdated();
        return transactions.transactional(endpoint.flatMap(deleted -> deleted == 0 ? Mono.just(false)
                : database.sql("DELETE FROM webhook_delivery WHERE endpoint_id = :id").bind("id", endpointId)
                        .fetch().rowsUpdated()
                        .then(database.sql("DELETE FROM webhook_attempt WHERE endpoint_id = :id").bind("id", endpointId)
                                .fetch().rowsUpdated())
                        .thenReturn(true)));
    }

    @Override
    public Flux<WebhookDelivery> due(Instant now, int limit) {
        return database.sql("""
                        SELECT d.id AS delivery_id, d.attempts, d.status, d.next_attempt_at,
                            e.id, e.patient, e.url, e.secret, e.created_at,
                            n.id AS notification_id, n.type, n.data, n.created_at AS notified_at
                        FROM webhook_delivery d
                        JOIN webhook_endpoint e ON e.id = d.endpoint_id
                        JOIN notification n ON n.id = d.notification_id
                        WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now
                        ORDER BY d.next_attempt_at LIMIT :limit""")
                .bind("now", utc(now))
                .bind("limit", limit)
                .map(row -> new WebhookDelivery(row.get("delivery_id", String.class), endpoint(row),
                        NotificationAdapter.notification(row.get("notification_id", Long.class),
                                row.get("patient", String.class), row.get("type", String.class),
                                row.get("data", String.class), row.get("notified_at", LocalDateTime.class)),
                        row.get("attempts", Integer.class), instant(row.get("next_attempt_at", LocalDateTime.class)),
                        DeliveryStatus.valueOf(row.get("status", String.class))))
                .all();
    }

    @Override
    public Mono<Boolean> claim(WebhookDelivery delivery, Instant leaseUntil) {
        return database.sql("""
                        UPDATE webhook_delivery SET next_attempt_at = :lease
                        WHERE id = :id AND status = 'PENDING' AND attempts = :attempts AND next_attempt_at = :seen""")
                .bind("lease", utc(leaseUntil))
                .bind("id", delivery.id())
                .bind("attempts", delivery.attempts())
                .bind("seen", utc(delivery.nextAttemptAt()))
                .fetch().rowsUpdated()
                .map(updated -> updated == 1);
    }

    @Override
    public Mono<Void> record(DeliveryAttempt attempt, DeliveryStatus status, Instant nextAttemptAt) {
        var log = database.sql("""
                        INSERT INTO webhook_attempt
                            (endpoint_id, delivery_id, notification_id, attempt, attempted_at, status_code, outcome)
                        VALUES (:endpoint, :delivery, :notification, :attempt, :at, :status, :outcome)""")
                .bind("endpoint", attempt.endpointId())
                .bind("delivery", attempt.deliveryId())
                .bind("notification", attempt.notificationId())
                .bind("attempt", attempt.attempt())
                .bind("at", utc(attempt.at()))
                .bind("outcome", attempt.outcome());
        log = attempt.statusCode().isPresent() ? log.bind("status", attempt.statusCode().getAsInt())
                : log.bindNull("status", Integer.class);
        Mono<Long> moved = database.sql("""
                        UPDATE webhook_delivery SET attempts = :attempts, status = :status, next_attempt_at = :next
                        WHERE id = :id""")
                .bind("attempts", attempt.attempt())
                .bind("status", status.name())
                .bind("next", utc(nextAttemptAt))
                .bind("id", attempt.deliveryId())
                .fetch().rowsUpdated();
        return transactions.transactional(log.fetch().rowsUpdated().then(moved)).then();
    }

    @Override
    public Flux<DeliveryAttempt> attempts(String endpointId, int limit) {
        return database.sql("""
                        SELECT delivery_id, notification_id, endpoint_id, attempt, attempted_at, status_code, outcome
                        FROM webhook_attempt WHERE endpoint_id = :endpoint ORDER BY id DESC LIMIT :limit""")
                .bind("endpoint", endpointId)
                .bind("limit", limit)
                .map(row -> {
                    Integer status = row.get("status_code", Integer.class);
                    return new DeliveryAttempt(row.get("delivery_id", String.class),
                            row.get("notification_id", Long.class), row.get("endpoint_id", String.class),
                            row.get("attempt", Integer.class), instant(row.get("attempted_at", LocalDateTime.class)),
                            status == null ? OptionalInt.empty() : OptionalInt.of(status),
                            row.get("outcome", String.class));
                })
                .all();
    }

    private static WebhookEndpoint endpoint(Readable row) {
        return new WebhookEndpoint(row.get("id", String.class), EthAddress.parse(row.get("patient", String.class)),
                row.get("url", String.class), WebhookSecret.parse(row.get("secret", String.class)),
                instant(row.get("created_at", LocalDateTime.class)));
    }
}
