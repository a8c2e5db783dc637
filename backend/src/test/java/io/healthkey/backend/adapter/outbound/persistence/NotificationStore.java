package io.healthkey.backend.adapter.outbound.persistence;

import java.util.UUID;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.Flyway;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;

import io.healthkey.backend.application.notification.NotificationStorePort;
import io.healthkey.backend.application.notification.WebhookStorePort;

/**
 * The notification adapters on a fresh in-memory H2 database migrated by Flyway, as the backend's own; a second
 * store on the same name is the same database, as a restarted backend would find it.
 */
public record NotificationStore(NotificationStorePort notifications, WebhookStorePort webhooks) {

    public static String newDatabaseName() {
        return "notify-" + UUID.randomUUID();
    }

    public static NotificationStore open(String name, boolean migrate) {
        if (migrate) {
            Flyway.configure().dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "")
                    .locations("classpath:db/migration").load().migrate();
        }
        ConnectionFactory connections = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(
                ConnectionFactoryOptions.parse("r2dbc:h2:mem:///" + name + ";DB_CLOSE_DELAY=-1").mutate()
                        .option(ConnectionFactoryOptions.USER, "sa").option(ConnectionFactoryOptions.PASSWORD, "")
                        .build())).maxSize(4).build());
        DatabaseClient client = DatabaseClient.create(connections);
        R2dbcTransactionManager transactions = new R2dbcTransactionManager(connections);
        return new NotificationStore(new NotificationAdapter(client, transactions),
                new WebhookAdapter(client, transactions));
    }
}
