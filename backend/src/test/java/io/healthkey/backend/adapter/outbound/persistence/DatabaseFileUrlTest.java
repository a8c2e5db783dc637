package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The H2 database of application.yml survives threads interrupted while they write: Reactor interrupts the thread
 * of a task it cancels (a client closing an event stream while its poll writes), and H2's plain file system then
 * closes the file and the database with it, failing every request after. The configured {@code retry:} file
 * system re-opens it. The control: the same writers on a plain {@code file:} URL lose their writes.
 */
class DatabaseFileUrlTest {

    private static final int WRITERS = 100;
    private static final int INSERTS = 20;

    @TempDir
    Path dataDir;

    @Test
    void everyCommitOfAnInterruptedWriterLandsAndTheDatabaseStaysOpen() throws Exception {
        String url = configuredFlywayUrl().replace("${healthkey.data-dir}", dataDir.toString());

        assertThat(interruptedWritersCommit(url)).isEqualTo(WRITERS * INSERTS);
        assertThat(url).as("the R2DBC URL names the same database")
                .endsWith(configuredR2dbcUrl().replace("r2dbc:h2:file:///", "").replace("${healthkey.data-dir}",
                        dataDir.toString()));
    }

    @Test
    void onAPlainFileUrlTheSameWritersLoseCommits() throws Exception {
        String url = "jdbc:h2:file:" + dataDir.resolve("plain") + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0";

        assertThat(interruptedWritersCommit(url)).isLessThan(WRITERS * INSERTS);
    }

    /**
     * Each writer inserts {@link #INSERTS} rows, one commit each, and is interrupted as it starts; answers the rows
     * stored, or -1 if the database can no longer be read.
     */
    private static int interruptedWritersCommit(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            connection.createStatement().execute("create table t(id int auto_increment primary key)");
        }
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < WRITERS; i++) {
            Thread writer = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
                    for (int k = 0; k < INSERTS; k++) {
                        connection.createStatement().execute("insert into t() values()");
                    }
                } catch (SQLException failed) {
                    failures.incrementAndGet();
                }
            });
            writer.start();
            writer.interrupt();
            writer.join(10_000);
        }
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                ResultSet count = connection.createStatement().executeQuery("select count(*) from t")) {
            count.next();
            return count.getInt(1);
        } catch (SQLException closed) {
            return -1; // the database closed under the writers and cannot even be counted: every commit is lost
        } finally {
            try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
                connection.createStatement().execute("shutdown");
            } catch (SQLException alreadyClosed) {
                // the plain URL's database may be closed already
            }
        }
    }

    private static String configuredFlywayUrl() throws IOException {
        return spring("flyway").get("url").toString();
    }

    private static String configuredR2dbcUrl() throws IOException {
        return spring("r2dbc").get("url").toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spring(String key) throws IOException {
        try (InputStream in = DatabaseFileUrlTest.class.getResourceAsStream("/application.yml")) {
            Map<String, Object> yml = new Yaml().load(in);
            return (Map<String, Object>) ((Map<String, Object>) yml.get("spring")).get(key);
        }
    }
}
