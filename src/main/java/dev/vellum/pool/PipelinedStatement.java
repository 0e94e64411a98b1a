package dev.vellum.pool;

import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A statement of a {@link LeasedConnection}: executed with the connection's pending
 * {@code BEGIN} written just before it, so that both are answered in one round trip.
 */
final class PipelinedStatement implements Statement {

    private final Statement statement;
    private final LeasedConnection connection;

    PipelinedStatement(Statement statement, LeasedConnection connection) {
        this.statement = statement;
        this.connection = connection;
    }

    /**
     * Subscribes to the pending {@code BEGIN} first, then at once to {@code execute}: the driver
     * writes each request when it is subscribed to and answers them in order. A failed
     * {@code BEGIN} fails the statement's results too.
     */
    static Flux<Result> afterBegin(LeasedConnection connection, Flux<? extends Result> execute) {
        return Flux.mergeSequential(connection.sendPendingBegin().then(Mono.<Result>empty()), execute);
    }

    @Override
    public Statement add() {
        statement.add();
        return this;
    }

    @Override
    public Statement bind(int index, Object value) {
        statement.bind(index, value);
        return this;
    }

    @Override
    public Statement bind(String name, Object value) {
        statement.bind(name, value);
        return this;
    }

    @Override
    public Statement bindNull(int index, Class<?> type) {
        statement.bindNull(index, type);
        return this;
    }

    @Override
    public Statement bindNull(String name, Class<?> type) {
        statement.bindNull(name, type);
        return this;
    }

    @Override
    public Statement returnGeneratedValues(String... columns) {
        statement.returnGeneratedValues(columns);
        return this;
    }

    @Override
    public Statement fetchSize(int rows) {
        statement.fetchSize(rows);
        return this;
    }

    @Override
    public Flux<Result> execute() {
        return Flux.defer(() -> afterBegin(connection, Flux.from(statement.execute())));
    }
}
