package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.ScriptedPostgres;
import io.healthkey.backend.support.ShellScript;

/**
 * The production database's backups, made and put back with {@code scripts/backup-postgres.sh} and
 * {@code scripts/restore-postgres.sh} as docs/OPERATIONS.md tells an operator to. A throwaway server archives its
 * WAL; our migrations and three batches of every kind of row are written around a base backup and a noted time; a
 * dump is taken; the server is then stopped and its files deleted, as when its disk dies. Each restore must bring
 * back exactly the rows of a moment, table by table: the latest archived one, or the noted time.
 *
 * <p>Here rather than as a step of scripts/test.sh: Flyway applies the migrations exactly as the backend does
 * (those added later included), the rows go through JDBC with typed values, and the PostgreSQL execution of Failsafe
 * already runs where PostgreSQL is found, on CI always.
 */
class PostgresBackupRestoreIT {

    private static final Duration SCRIPT_WITHIN = Duration.ofSeconds(120);
    private static final Duration ARCHIVED_WITHIN = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private static String password;
    private static Path archive;
    private static Path baseBackup;
    private static Path dump;
    private static String notedTime;
    private static Map<String, String> atBaseBackup;
    private static Map<String, String> atNotedTime;
    private static Map<String, String> atLastArchivedPoint;

    @BeforeAll
    static void writeBackUpAndLoseTheServer() throws Exception {
        ScriptedPostgres.letServerAccountIn(work);
        password = randomPassword();
        String backupPassword = randomPassword();
        archive = work.resolve("wal-archive");
        try (ScriptedPostgres server = ScriptedPostgres.archiving("postgres-archiving", archive, password,
                backupPassword)) {
            Map<String, String> backupRole = server.libpqEnvironment(ScriptedPostgres.BACKUP_USER, backupPassword);
            Flyway.configure().dataSource(server.jdbcUrl(), ScriptedPostgres.USER, password)
                    .locations("classpath:db/migration").load().migrate();
            try (Connection db = server.connect(ScriptedPostgres.USER, password)) {
                BackupRows.write(db, 1);
                atBaseBackup = BackupRows.fingerprint(db);
                baseBackup = Path.of(succeeds(ShellScript.run(SCRIPT_WITHIN, backupRole, "backup-postgres.sh", "base",
                        work.resolve("base-backups").toString())));
                BackupRows.write(db, 2);
                atNotedTime = BackupRows.fingerprint(db);
                notedTime = serverClock(db);
                BackupRows.write(db, 3);
                atLastArchivedPoint = BackupRows.fingerprint(db);
            }
            dump = Path.of(succeeds(ShellScript.run(SCRIPT_WITHIN, backupRole, "backup-postgres.sh", "dump",
                    work.resolve("healthkey.dump").toString())));
            try (Connection backup = server.connect(ScriptedPostgres.BACKUP_USER, backupPassword)) {
                closeAndAwaitArchived(backup);
            }
        }
        for (String table : BackupRows.CHANGED_BY_EACH_BATCH) {
            assertThat(atNotedTime.get(table)).as(table).isNotEqualTo(atBaseBackup.get(table))
                    .isNotEqualTo(atLastArchivedPoint.get(table));
        }
    }

    @Test
    void restoresEveryRowToTheLastArchivedPointAndWritesOn() throws Exception {
        try (ScriptedPostgres restored = ScriptedPostgres.restored("postgres-restored-latest", baseBackup, archive,
                work.resolve("restored-latest"), null);
                Connection db = restored.connect(ScriptedPostgres.USER, password)) {
            assertThat(BackupRows.fingerprint(db)).isEqualTo(atLastArchivedPoint);
            // The identity sequences came back too: a new read gets an id above every restored one.
            try (Statement insert = db.createStatement()) {
                insert.executeUpdate("INSERT INTO record_read (record_id, patient, reader, allowed, read_at,"
                        + " last_read_at) VALUES ('0x01', '0x02', '0x03', TRUE, now(), now())");
            }
            assertThat(single(db, "SELECT max(id) - (SELECT max(id) FROM record_read WHERE record_id <> '0x01')"
                    + " FROM record_read WHERE record_id = '0x01'")).isPositive();
        }
    }

    @Test
    void restoresToTheNotedTimeExactlyWhatWasCommittedBeforeIt() throws Exception {
        try (ScriptedPostgres restored = ScriptedPostgres.restored("postgres-restored-at-time", baseBackup, archive,
                work.resolve("restored-at-time"), notedTime);
                Connection db = restored.connect(ScriptedPostgres.USER, password)) {
            assertThat(BackupRows.fingerprint(db)).isEqualTo(atNotedTime);
        }
    }

    @Test
    void restoresTheDumpIntoAnEmptyDatabaseAndNeverOverARestoredOne() throws Exception {
        try (ScriptedPostgres empty = ScriptedPostgres.empty("postgres-dump-target", password)) {
            Map<String, String> backendRole = empty.libpqEnvironment(ScriptedPostgres.USER, password);
            succeeds(ShellScript.run(SCRIPT_WITHIN, backendRole, "restore-postgres.sh", "dump", dump.toString()));
            try (Connection db = empty.connect(ScriptedPostgres.USER, password)) {
                assertThat(BackupRows.fingerprint(db)).isEqualTo(atLastArchivedPoint);
                assertThat(ShellScript.run(SCRIPT_WITHIN, backendRole, "restore-postgres.sh", "dump", dump.toString())
                        .exitCode()).isNotZero();
                assertThat(BackupRows.fingerprint(db)).isEqualTo(atLastArchivedPoint);
            }
        }
    }

    @Test
    void archiveCommandAnswersSuccessOnlyForASegmentStoredWithItsBytes() throws IOException {
        Path folder = Files.createDirectories(work.resolve("archive-command"));
        Path segment = Files.write(work.resolve("segment"), new byte[] {1, 2, 3});
        Path otherBytes = Files.write(work.resolve("other-segment"), new byte[] {9, 9, 9});
        String name = "0000000100000000000000A1";

        assertThat(archiveWal(folder, segment, name)).isZero();
        assertThat(folder.resolve(name)).hasSameBinaryContentAs(segment);
        assertThat(archiveWal(folder, segment, name)).as("the same segment again (a retry)").isZero();
        assertThat(archiveWal(folder, otherBytes, name)).as("other bytes under an archived name").isNotZero();
        assertThat(folder.resolve(name)).as("never overwritten").hasSameBinaryContentAs(segment);
        assertThat(archiveWal(folder, work.resolve("missing"), "0000000100000000000000A2")).isNotZero();
        assertThat(archiveWal(work.resolve("no-such-archive"), segment, "0000000100000000000000A3")).isNotZero();
        assertThat(archiveWal(folder, segment, "../escaped")).as("a name that is no WAL file").isNotZero();
        try (var left = Files.list(folder)) {
            assertThat(left).as("only the archived segment, no temporary copy").containsExactly(folder.resolve(name));
        }
    }

    private static int archiveWal(Path folder, Path source, String name) {
        return ShellScript.run(SCRIPT_WITHIN, Map.of(), "backup-postgres.sh", "archive-wal", folder.toString(),
                source.toString(), name).exitCode();
    }

    /** The server's clock now, as recovery_target_time reads it; later commits have later commit times. */
    private static String serverClock(Connection db) throws SQLException {
        try (Statement query = db.createStatement(); ResultSet now = query.executeQuery(
                "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")) {
            now.next();
            return now.getString(1);
        }
    }

    /**
     * Closes the WAL segment holding the last batch and waits until the archiver has stored it: a server that
     * dies before then loses that segment's transactions (archive_timeout bounds this in production).
     */
    private static void closeAndAwaitArchived(Connection backup) throws SQLException {
        String segment;
        try (Statement query = backup.createStatement();
                ResultSet closed = query.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
            closed.next();
            segment = closed.getString(1);
        }
        long deadline = System.nanoTime() + ARCHIVED_WITHIN.toNanos();
        while (true) {
            try (Statement query = backup.createStatement(); ResultSet archived = query.executeQuery(
                    "SELECT coalesce(last_archived_wal, ''), failed_count FROM pg_stat_archiver")) {
                archived.next();
                assertThat(archived.getLong(2)).as("archive_command failures").isZero();
                if (archived.getString(1).compareTo(segment) >= 0) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("segment %s archived within %s", segment, ARCHIVED_WITHIN)
                    .isLessThan(deadline);
            Loopback.sleep(Duration.ofMillis(100));
        }
    }

    private static long single(Connection db, String sql) throws SQLException {
        try (Statement query = db.createStatement(); ResultSet row = query.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String succeeds(ShellScript.Result result) {
        assertThat(result.exitCode()).as("exit status").isZero();
        return result.stdout();
    }

    private static String randomPassword() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }
}
