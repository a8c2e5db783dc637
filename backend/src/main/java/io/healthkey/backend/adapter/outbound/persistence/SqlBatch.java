package io.healthkey.backend.adapter.outbound.persistence;

import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One SQL statement run for many rows as a single R2DBC batch ({@code Statement.add}); parameters are positional
 * ({@code $1}, {@code $2}, ...), which H2's and PostgreSQL's drivers both take. A {@code null} value needs its column
 * type: pass a {@link Null}.
 */
final class SqlBatch {

    /** A typed SQL NULL. */
    record Null(Class<?> type) {
    }

    private final String sql;
    private final List<Object[]> rows = new ArrayList<>();

    SqlBatch(String sql) {
        this.sql = sql;
    }

    SqlBatch add(Object... values) {
        rows.add(values);
        return this;
    }

    /** Runs the batch on {@code connection}; nothing when there are no rows. */
    Mono<Long> run(Connection connection) {
        if (rows.isEmpty()) {
            return Mono.just(0L);
        }
        Statement statement = connection.createStatement(sql);
        for (int row = 0; row < rows.size(); row++) {
            if (row > 0) {
                statement.add();
            }
            bind(statement, 0, rows.get(row));
        }
        return Flux.from(statement.execute()).flatMap(result -> result.getRowsUpdated()).reduce(0L, Long::sum);
    }

    /** Binds {@code values} to the parameters from index {@code first} (0-based) on. */
    static void bind(Statement statement, int first, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Null nothing) {
                statement.bindNull(first + i, nothing.type());
            } else {
                statement.bind(first + i, values[i]);
            }
        }
    }
}
