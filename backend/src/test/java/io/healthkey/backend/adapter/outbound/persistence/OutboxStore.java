package io.healthkey.backend.adapter.outbound.persistence;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.Flyway;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;

import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.outbox.OutboxTransactionPort;
import io.healthkey.backend.application.outbox.RelayerLeasePort;
import io.healthkey.backend.application.outbox.SponsoredRelayCountPort;
import io.healthkey.backend.application.outbox.TransactionPort;
import io.healthkey.backend.support.PostgresServer;

/**
 * The outbox's persistence adapters on a fresh database migrated by Flyway, as the backend's own: for suites that
 * run senders without the whole application. An in-memory H2 database, or on the PostgreSQL pass
 * ({@link PostgresServer#selected()}) a schema of the shared server. Two stores made with the same name share one
 * database, as two replicas do.
 */
public record OutboxStore(ChainRequestPort requests, OutboxTransactionPort transactions, RelayerLeasePort lease,
        TransactionPort database, SponsoredRelayCountPort sponsoredRelays) {

    private static final int POOL_SIZE = 10;
    /** Databases migrated already: a second store on one skips Flyway, as a replica started later would. */
    private static final Set<String> MIGRATED = ConcurrentHashMap.newKeySet();

    public static String newDatabaseName() {
        return "outbox-" + UUID.randomUUID();
    }

    /** The adapters on database {@code name}, migrated on first use. */
    public static OutboxStore open(String name) {
        boolean migrate = MIGRATED.add(name);
        return PostgresServer.selected() ? onPostgres(name.replace('-', '_'), migrate) : onH2(name, migrate);
    }

    private static OutboxStore onH2(String name, boolean migrate) {
        if (migrate) {
            Flyway.configure().dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "")
                    .locations("classpath:db/migration").load().migrate();
        }
        return on(ConnectionFactoryOptions.parse("r2dbc:h2:mem:///" + name + ";DB_CLOSE_DELAY=-1").mutate()
                .option(ConnectionFactoryOptions.USER, "sa").option(ConnectionFactoryOptions.PASSWORD, "").build());
    }

    /** The same Spring properties as a backend on its own schema uses, so that R2DBC and Flyway agree. */
    private static OutboxStore onPostgres(String schema, boolean migrate) {
        Map<String, String> properties = PostgresServer.shared().schemaProperties(schema);
        if (migrate) {
            Flyway.configure().dataSource(properties.get("spring.flyway.url"), properties.get("spring.flyway.user"),
                    properties.get("spring.flyway.password")).schemas(schema)
                    .locations("classpath:db/migration").load().migrate();
        }
        return on(ConnectionFactoryOptions.parse(properties.get("spring.r2dbc.url")).mutate()
                .option(ConnectionFactoryOptions.USER, properties.get("spring.r2dbc.username"))
                .option(ConnectionFactoryOptions.PASSWORD, properties.get("spring.r2dbc.password")).build());
    }

    private static OutboxStore on(ConnectionFactoryOptions options) {
        // Pooled, as Spring Boot pools the backend's (r2dbc-pool): a connection opened per statement costs more
        // than the statement.
        ConnectionFactory connections = new ConnectionPool(ConnectionPoolConfiguration.builder(
                ConnectionFactories.get(options)).maxSize(POOL_SIZE).build());
        DatabaseClient client = DatabaseClient.create(connections);
        TransactionPort database = new ReactiveTransactions(new R2dbcTransactionManager(connections));
        ChainRequestPort requests = new ChainRequestAdapter(client);
        return new OutboxStore(requests, new OutboxTransactionAdapter(client, requests, database),
                new RelayerLeaseAdapter(client), database, new SponsoredRelayCountAdapter(client));
    }
}
