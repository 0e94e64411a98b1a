package dev.vellum.pool;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The connection pool every store borrows from, with two guards so that no borrower ever gets a
 * connection that is inside someone else's transaction: a cancel after hand-over never puts the
 * connection back early ({@link Acquisition}, {@link AbandonedConnections}), and a connection
 * that comes back inside a transaction is rolled back before reuse ({@link DirtyConnectionRollback}).
 */
public final class GuardedConnectionPool implements ConnectionFactory, Wrapped<ConnectionPool>, Disposable {

    private final ConnectionPool pool;
    private final AbandonedConnections abandoned;
    private final Duration acquireTimeout;

    /** {@code abandonedAfter}: how long a cancelled borrower has to give its connection back itself. */
    public GuardedConnectionPool(ConnectionPoolConfiguration.Builder configuration, Duration abandonedAfter,
                                 Duration acquireTimeout) {
        this.acquireTimeout = acquireTimeout;
        DirtyConnectionRollback rollback = new DirtyConnectionRollback();
        this.pool = new ConnectionPool(configuration
                .customizer(builder -> builder.releaseHandler(rollback))
                .build());
        this.abandoned = new AbandonedConnections(abandonedAfter, Schedulers.parallel());
    }

    @Override
    public Mono<Connection> create() {
        // one deadline for the whole borrow, retries past dead connections included
        return new Acquisition(pool.create().timeout(acquireTimeout, Mono.error(() -> new R2dbcTimeoutException(
                "no pool connection within " + acquireTimeout))), abandoned);
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pool.getMetadata();
    }

    @Override
    public ConnectionPool unwrap() {
        return pool;
    }

    @Override
    public void dispose() {
        pool.dispose();
    }

    @Override
    public boolean isDisposed() {
        return pool.isDisposed();
    }
}
