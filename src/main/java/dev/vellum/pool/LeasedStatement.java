package dev.vellum.pool;

import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A statement of a {@link LeasedConnection}. The first one executed after a kept {@code BEGIN}
 * runs right behind it: both are subscribed at once, so the driver writes them back to back.
 * PostgreSQL answers {@code BEGIN} first, so its error, if any, ends the results before the
 * statement's rows arrive. Which statement that is is decided when it executes, not when it was
 * created.
 */
final class LeasedStatement implements Statement {

    private final Statement statement;
    private final Supplier<Mono<Void>> begin;

    /** {@code begin} sends the kept BEGIN and answers its outcome, or answers null when none is kept. */
    LeasedStatement(Statement statement, Supplier<Mono<Void>> begin) {
        this.statement = statement;
        this.begin = begin;
    }

    @Override
    public Publisher<? extends Result> execute() {
        // merge, not concat: r2dbc-postgresql sends a statement when its Result is consumed, so
        // the Result must reach the caller at once, not after BEGIN's answer
        return Flux.defer(() -> {
            Mono<Void> begun = begin.get();
            Flux<Result> results = Flux.from(statement.execute());
            return begun == null ? results : Flux.merge(begun.then(Mono.<Result>empty()), results);
        });
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
    public Statement fetchSize(int rows) {
        statement.fetchSize(rows);
        return this;
    }

    @Override
    public Statement returnGeneratedValues(String... columns) {
        statement.returnGeneratedValues(columns);
        return this;
    }
}
