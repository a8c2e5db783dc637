package io.healthkey.backend.support;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A throwaway PostgreSQL server on a free loopback port, started by {@code scripts/start-postgres.sh} (the script
 * {@code scripts/run.sh} uses), with one database and a login role with a random password. One per test JVM,
 * started by the first suite that asks, stopped (its files deleted) when the JVM exits.
 */
public final class PostgresServer implements AutoCloseable {

    /** {@code healthkey.it.database} (system property) or {@code HEALTHKEY_IT_DATABASE}: {@code h2} or this. */
    public static final String SELECTED = "postgres";

    private static final String DATABASE = "healthkey";
    private static final String USER = "healthkey";

    private static PostgresServer shared;

    private final ManagedProcess process;
    private final int port;
    private final String password;

    private PostgresServer(ManagedProcess process, int port, String password) {
        this.process = process;
        this.port = port;
        this.password = password;
    }

    /** Whether the backend ITs of this JVM run on PostgreSQL rather than the embedded H2. */
    public static boolean selected() {
        String choice = System.getProperty("healthkey.it.database", System.getenv("HEALTHKEY_IT_DATABASE"));
        return SELECTED.equalsIgnoreCase(choice == null ? "" : choice.strip());
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-stop"));
        }
        return shared;
    }

    /** Points the backend, R2DBC and Flyway alike, at this server's database. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://127.0.0.1:" + port + "/" + DATABASE);
        registry.add("spring.r2dbc.username", () -> USER);
        registry.add("spring.r2dbc.password", () -> password);
        registry.add("spring.flyway.url", this::jdbcUrl);
        registry.add("spring.flyway.user", () -> USER);
        registry.add("spring.flyway.password", () -> password);
    }

    /**
     * The Spring properties that point a backend, R2DBC and Flyway alike, at a schema of its own in this server's
     * database (Flyway creates it): for a backend that must not share tables with the other suites' (one on
     * another chain, whose index would mix with theirs; an outbox that would take their requests as its own).
     */
    public Map<String, String> schemaProperties(String schema) {
        return Map.of(
                "spring.r2dbc.url", "r2dbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?schema=" + schema,
                "spring.r2dbc.username", USER,
                "spring.r2dbc.password", password,
                "spring.flyway.url", jdbcUrl() + "?currentSchema=" + schema,
                "spring.flyway.schemas", schema,
                "spring.flyway.user", USER,
                "spring.flyway.password", password);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, password);
    }

    private static PostgresServer start() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        int port = Loopback.freePort();
        ManagedProcess process = ManagedProcess.start("postgres", Checkout.root(), Checkout.itLogs(),
                Map.of("PG_PORT", "" + port, "PG_DATABASE", DATABASE, "PG_USER", USER, "PG_PASSWORD", password),
                List.of("bash", "scripts/start-postgres.sh"));
        PostgresServer server = new PostgresServer(process, port, password);
        try {
            server.awaitLogin(Duration.ofSeconds(90));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Ready once the role can log in to its database: the script creates both after the server starts. */
    private void awaitLogin(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            process.assertAlive();
            try (Connection ignored = connect()) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            Loopback.sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("PostgreSQL did not accept " + USER + " within " + timeout + "; see "
                + process.log(), last);
    }

    @Override
    public void close() {
        process.close();
    }
}
