package dev.vellum.pool;

import io.r2dbc.spi.ConnectionFactory;

/**
 * The connection factory under the pool, for the few long-lived sessions that must not hold a
 * pool connection: the LISTEN connection and the index builder's session.
 */
public final class DirectConnections {

    private DirectConnections() {
    }

    public static ConnectionFactory of(ConnectionFactory factory) {
        if (factory instanceof GuardedConnectionPool guarded) {
            return guarded.unwrap().unwrap();
        }
        return factory;
    }
}
