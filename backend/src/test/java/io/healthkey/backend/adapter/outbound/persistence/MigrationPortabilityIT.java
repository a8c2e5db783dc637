package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

import io.healthkey.backend.support.PostgresServer;

/**
 * Every migration under {@code db/migration}, those added later included, applies unchanged on H2 (the embedded
 * default) and on PostgreSQL 15 (production), and both end with the same tables, columns, types and nullability.
 * A migration that uses one vendor's syntax or types fails here first.
 */
class MigrationPortabilityIT {

    private static final String LOCATION = "classpath:db/migration";

    @Test
    void everyMigrationAppliesOnH2AndPostgresToTheSameSchema() throws SQLException {
        String h2Url = "jdbc:h2:mem:portability-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        List<String> onH2 = migrate(Flyway.configure().dataSource(h2Url, "sa", ""));
        Map<String, String> h2Columns;
        try (Connection h2 = DriverManager.getConnection(h2Url, "sa", "")) {
            h2Columns = columns(h2, "PUBLIC");
        }

        PostgresServer postgres = PostgresServer.shared();
        String schema = "portability_" + UUID.randomUUID().toString().replace("-", "");
        try {
            List<String> onPostgres = migrate(Flyway.configure()
                    .dataSource(postgres.jdbcUrl(), postgres.user(), postgres.password()).schemas(schema));
            Map<String, String> pgColumns;
            try (Connection pg = postgres.connect()) {
                pgColumns = columns(pg, schema);
            }
            assertThat(onPostgres).isEqualTo(onH2);
            assertThat(differences(h2Columns, pgColumns)).as("columns that differ: H2 | PostgreSQL").isEmpty();
        } finally {
            try (Connection pg = postgres.connect(); Statement drop = pg.createStatement()) {
                drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        assertThat(h2Columns).containsKeys("record_version.serial", "siwe_nonce.nonce",
                "relayed_transaction.transaction_hash", "availability_audit.audited_at",
                "availability_location.pin_state");
    }

    /** Applies every migration; answers their versions, after checking that none is left pending or failed. */
    private static List<String> migrate(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
        Flyway flyway = configuration.locations(LOCATION).cleanDisabled(true).load();
        flyway.migrate();
        // Without a version: the marker Flyway writes when it creates the schema itself (PostgreSQL here).
        List<MigrationInfo> migrations = Arrays.stream(flyway.info().all())
                .filter(migration -> migration.getVersion() != null).toList();
        assertThat(migrations).isNotEmpty();
        assertThat(migrations).allSatisfy(migration -> assertThat(migration.getState())
                .as("migration %s %s", migration.getVersion(), migration.getDescription())
                .isEqualTo(MigrationState.SUCCESS));
        return migrations.stream().map(migration -> migration.getVersion() + " " + migration.getDescription()).toList();
    }

    /** {@code table.column} -> type, length or precision, nullability; Flyway's own history table left out. */
    private static Map<String, String> columns(Connection connection, String schema) throws SQLException {
        Map<String, String> columns = new TreeMap<>();
        try (var query = connection.prepareStatement("""
                SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision,
                    numeric_scale, is_nullable
                FROM information_schema.columns WHERE table_schema = ? AND LOWER(table_name) <> 'flyway_schema_history'
                """)) {
            query.setString(1, schema);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String type = normalized(row.getString("data_type"));
                    String size = switch (type) {
                        case "CHARACTER VARYING" -> "(" + row.getLong("character_maximum_length") + ")";
                        case "NUMERIC" -> "(" + row.getLong("numeric_precision") + "," + row.getLong("numeric_scale") + ")";
                        default -> "";
                    };
                    columns.put(row.getString("table_name").toLowerCase(Locale.ROOT) + "."
                                    + row.getString("column_name").toLowerCase(Locale.ROOT),
                            type + size + ("YES".equals(row.getString("is_nullable")) ? " NULL" : " NOT NULL"));
                }
            }
        }
        return columns;
    }

    /** {@code column: on H2 | on PostgreSQL} for each column not the same on both (or missing on one). */
    private static List<String> differences(Map<String, String> h2, Map<String, String> pg) {
        Set<String> names = new TreeSet<>(h2.keySet());
        names.addAll(pg.keySet());
        return names.stream().filter(name -> !Objects.equals(h2.get(name), pg.get(name)))
                .map(name -> name + ": " + h2.get(name) + " | " + pg.get(name)).toList();
    }

    /** H2 says {@code TIMESTAMP}, PostgreSQL {@code timestamp without time zone}: the same SQL type. */
    private static String normalized(String dataType) {
        return dataType.toUpperCase(Locale.ROOT).replace(" WITHOUT TIME ZONE", "");
    }
}
