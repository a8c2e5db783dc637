package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL server run by one of the repository's scripts in the foreground on a free loopback port, as an
 * operator runs it: {@code scripts/start-postgres.sh} (a throwaway server, archiving its WAL if asked) or
 * {@code scripts/restore-postgres.sh pitr} (a backup put back into a new folder). Closing it sends the script a
 * SIGTERM: the first deletes its server, the second stops the restored one and keeps its files.
 */
public final class ScriptedPostgres implements AutoCloseable {

    public static final String DATABASE = "healthkey";
    public static final String USER = "healthkey";
    public static final String BACKUP_USER = "healthkey_backup";

    private static final Duration READY_WITHIN = Duration.ofSeconds(90);

    private final ManagedProcess process;
    private final int port;

    private ScriptedPostgres(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * A throwaway server whose finished WAL segments go into {@code archive}, with the backend's role
     * ({@link #USER}) and a backup role ({@link #BACKUP_USER}: replication, read-only, may close a segment).
     */
    public static ScriptedPostgres archiving(String name, Path archive, String password, String backupPassword) {
        return startServer(name, Map.of("PG_PASSWORD", password, "PG_WAL_ARCHIVE", archive.toString(),
                "PG_BACKUP_PASSWORD", backupPassword));
    }

    /** A throwaway server with an empty database owned by the backend's role ({@link #USER}). */
    public static ScriptedPostgres empty(String name, String password) {
        return startServer(name, Map.of("PG_PASSWORD", password));
    }

    /**
     * {@code base} put back into the new folder {@code data} and its WAL replayed from {@code archive}, to its end
     * or, if {@code targetTime} is not null, up to that time; served once recovery has ended.
     */
    public static ScriptedPostgres restored(String name, Path base, Path archive, Path data, String targetTime) {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/restore-postgres.sh", "pitr",
                base.toString(), archive.toString(), data.toString()));
        if (targetTime != null) {
            command.add(targetTime);
        }
        return start(name, Map.of("PG_RECOVERY_TIMEOUT", "" + READY_WITHIN.toSeconds()), command);
    }

    private static ScriptedPostgres startServer(String name, Map<String, String> env) {
        return start(name, env, List.of("bash", "scripts/start-postgres.sh"));
    }

    private static ScriptedPostgres start(String name, Map<String, String> env, List<String> command) {
        int port = Loopback.freePort();
        Path ready = Checkout.itLogs().resolve(name + ".ready");
        try {
            Files.deleteIfExists(ready);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> environment = new HashMap<>(env);
        environment.put("PG_PORT", "" + port);
        environment.put("PG_READY_FILE", ready.toString());
        ManagedProcess process = ManagedProcess.start(name, Checkout.root(), Checkout.itLogs(), environment, command);
        ScriptedPostgres server = new ScriptedPostgres(process, port);
        try {
            server.awaitReadyFile(ready);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The script writes its ready file once the server serves its roles (after recovery, for a restore). */
    private void awaitReadyFile(Path ready) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            process.assertAlive();
            if (Files.isRegularFile(ready) && ready.toFile().length() > 0) {
                return;
            }
            Loopback.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("PostgreSQL was not ready within " + READY_WITHIN + "; see " + process.log());
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** libpq's environment for a script that reaches this server's database as {@code user}. */
    public Map<String, String> libpqEnvironment(String user, String password) {
        return Map.of("PGHOST", "127.0.0.1", "PGPORT", "" + port, "PGDATABASE", DATABASE, "PGUSER", user,
                "PGPASSWORD", password);
    }

    public Path log() {
        return process.log();
    }

    /**
     * Hands {@code folder} to the account that runs PostgreSQL when the tests run as root (PostgreSQL refuses root;
     * {@code scripts/lib/postgres.sh} then runs it as {@code HEALTHKEY_PG_USER}, default {@code postgres}), so that
     * the server can write its WAL archive there.
     */
    public static void letServerAccountIn(Path folder) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        String account = System.getenv().getOrDefault("HEALTHKEY_PG_USER", "postgres");
        try {
            UserPrincipal owner = folder.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(account);
            Files.setOwner(folder, owner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
