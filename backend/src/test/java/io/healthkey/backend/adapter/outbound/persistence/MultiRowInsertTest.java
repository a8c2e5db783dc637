package io.healthkey.backend.adapter.outbound.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.outbound.persistence.SqlBatch.Null;

/** Rows in statements of {@code ROWS_PER_STATEMENT}: every row once, in its columns, typed NULLs, on H2. */
class MultiRowInsertTest {

    private DatabaseClient database;
    private ConnectionFactory connections;

    @BeforeEach
    void table() {
        connections = ConnectionFactories.get("r2dbc:h2:mem://sa@/rows-" + UUID.randomUUID() + "?DB_CLOSE_DELAY=-1");
        database = DatabaseClient.create(connections);
        database.sql("CREATE TABLE t (id BIGINT PRIMARY KEY, label VARCHAR(20), score INTEGER)").then().block();
    }

    @Test
    void insertsEveryRowAcrossFullAndPartialStatements() {
        int count = 2 * MultiRowInsert.ROWS_PER_STATEMENT + 7;
        MultiRowInsert insert = new MultiRowInsert("t", "id, label, score", 3);
        for (long id = 0; id < count; id++) {
            insert.add(id, id % 3 == 0 ? new Null(String.class) : "row " + id,
                    id % 5 == 0 ? new Null(Integer.class) : (Object) (int) (id * 2));
        }

        assertThat(run(insert)).isEqualTo(count);

        List<String> rows = database.sql("SELECT id, label, score FROM t ORDER BY id")
                .map(row -> row.get("id", Long.class) + "|" + row.get("label", String.class) + "|"
                        + row.get("score", Integer.class))
                .all().collectList().block();
        assertThat(rows).hasSize(count);
        for (int id = 0; id < count; id++) {
            assertThat(rows.get(id)).isEqualTo(id + "|" + (id % 3 == 0 ? null : "row " + id) + "|"
                    + (id % 5 == 0 ? null : id * 2));
        }
    }

    @Test
    void noRowsRunNoStatement() {
        assertThat(run(new MultiRowInsert("no_such_table", "a", 1))).isZero();
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MultiRowInsert("t", "id, label, score", 3).add(1L));
    }

    private long run(MultiRowInsert insert) {
        return Mono.usingWhen(Mono.from(connections.create()), (Connection c) -> insert.run(c),
                c -> Mono.from(c.close())).block();
    }
}
