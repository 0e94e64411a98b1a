package dev.vellum.pool;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;

/**
 * The connection factory under the pool, for the few long-lived sessions that must not hold a
 * pool connection: the LISTEN connection and the index builder's session. Wrappers around the
 * pool (a tracing or counting proxy) are looked through.
 */
public final class DirectConnections {

    private static final int MAX_WRAPPERS = 8;

    private DirectConnections() {
    }

    public static ConnectionFactory of(ConnectionFactory factory) {
        ConnectionFactory current = factory;
        for (int i = 0; i < MAX_WRAPPERS; i++) {
            if (current instanceof GuardedConnectionPool guarded) {
                return guarded.unwrap().unwrap();
            }
            if (current instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner) {
                current = inner;
            } else {
                return current;
            }
        }
        return current;
    }
}
