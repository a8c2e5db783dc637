package io.healthkey.backend.adapter.outbound.persistence;

import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Many rows into one table as few statements: up to {@link #ROWS_PER_STATEMENT} rows in each statement's
 * {@code VALUES} list, with positional parameters ({@code $1}, {@code $2}, ...) as H2's and PostgreSQL's drivers both
 * take. A {@link SqlBatch} executes its statement once per row: PostgreSQL then runs its executor, and
 * r2dbc-postgresql sends a Bind and an Execute, for each row; here once per statement. A {@code null} value needs its
 * column type: pass a {@link SqlBatch.Null}.
 */
final class MultiRowInsert {

    /** A chain_event row has 19 columns: 4,750 parameters, well under PostgreSQL's 65,535 per statement. */
    static final int ROWS_PER_STATEMENT = 250;

    private final String prefix;
    private final int columns;
    private final List<Object[]> rows = new ArrayList<>();

    /** {@code INSERT INTO table (columnList) VALUES ...} with {@code columns} values per row. */
    MultiRowInsert(String table, String columnList, int columns) {
        this.prefix = "INSERT INTO " + table + " (" + columnList + ") VALUES ";
        this.columns = columns;
    }

    MultiRowInsert add(Object... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException(values.length + " values for " + columns + " columns");
        }
        rows.add(values);
        return this;
    }

    /** Runs the statements one after the other on {@code connection}; nothing when there are no rows. */
    Mono<Long> run(Connection connection) {
        List<List<Object[]>> chunks = new ArrayList<>();
        for (int start = 0; start < rows.size(); start += ROWS_PER_STATEMENT) {
            chunks.add(rows.subList(start, Math.min(rows.size(), start + ROWS_PER_STATEMENT)));
        }
        return Flux.fromIterable(chunks)
                .concatMap(chunk -> Flux.from(statement(connection, chunk).execute())
                        .flatMap(result -> result.getRowsUpdated()))
                .reduce(0L, Long::sum);
    }

    private Statement statement(Connection connection, List<Object[]> chunk) {
        // every full chunk has the same text: the drivers' prepared statement caches hold two texts per table at most
        StringBuilder sql = new StringBuilder(prefix);
        for (int row = 0; row < chunk.size(); row++) {
            sql.append(row == 0 ? "(" : ", (");
            for (int column = 0; column < columns; column++) {
                sql.append(column == 0 ? "$" : ", $").append(row * columns + column + 1);
            }
            sql.append(')');
        }
        Statement statement = connection.createStatement(sql.toString());
        for (int row = 0; row < chunk.size(); row++) {
            SqlBatch.bind(statement, row * columns, chunk.get(row));
        }
        return statement;
    }
}
