package dev.vellum.support;

import dev.vellum.pool.GuardedConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.IOException;
import java.time.Duration;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Vellum's guarded pool with one connection to the suite's PostgreSQL, through a
 * {@link RoundTripProxy} that counts its round trips on the wire.
 */
public final class ProxiedPool implements AutoCloseable {

    private final RoundTripProxy proxy;
    private final GuardedConnectionPool pool;

    public ProxiedPool(Environment environment) throws IOException {
        ConnectionFactoryOptions direct = ConnectionFactoryOptions.parse(environment.getProperty("spring.r2dbc.url"));
        proxy = new RoundTripProxy((String) direct.getRequiredValue(ConnectionFactoryOptions.HOST),
                (Integer) direct.getRequiredValue(ConnectionFactoryOptions.PORT));
        ConnectionFactoryOptions options = direct.mutate()
                .option(ConnectionFactoryOptions.HOST, "127.0.0.1")
                .option(ConnectionFactoryOptions.PORT, proxy.port())
                .option(ConnectionFactoryOptions.USER, environment.getProperty("spring.r2dbc.username"))
                .option(ConnectionFactoryOptions.PASSWORD, environment.getProperty("spring.r2dbc.password"))
                .build();
        pool = new GuardedConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(options))
                .initialSize(1).maxSize(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public RoundTripProxy proxy() {
        return proxy;
    }

    public GuardedConnectionPool pool() {
        return pool;
    }

    /** Spring's reactive transactions on this pool. */
    public TransactionalOperator transactions() {
        return TransactionalOperator.create(new R2dbcTransactionManager(pool));
    }

    @Override
    public void close() throws IOException {
        pool.dispose();
        proxy.close();
    }
}
