package dev.vellum.pool;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;

/** A batch of a {@link LeasedConnection}: executed right behind the connection's pending {@code BEGIN}. */
final class PipelinedBatch implements Batch {

    private final Batch batch;
    private final LeasedConnection connection;

    PipelinedBatch(Batch batch, LeasedConnection connection) {
        this.batch = batch;
        this.connection = connection;
    }

    @Override
    public Batch add(String sql) {
        batch.add(sql);
        return this;
    }

    @Override
    public Flux<Result> execute() {
        return Flux.defer(() -> PipelinedStatement.afterBegin(connection, Flux.from(batch.execute())));
    }
}
