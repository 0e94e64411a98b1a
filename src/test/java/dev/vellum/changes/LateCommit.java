package dev.vellum.changes;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A transaction that writes a document now and commits when the test says so. */
final class LateCommit {

    private final Connection connection;

    private LateCommit(Connection connection) {
        this.connection = connection;
    }

    static LateCommit open(ConnectionFactory factory, long projectId, String collection, String key) {
        Connection connection = Mono.from(direct(factory).create()).block();
        Mono.from(connection.beginTransaction()).block();
        Flux.from(connection.createStatement("insert into documents (project_id, collection, key, body, created_at, modified_at)"
                                + " values ($1, $2, $3, '{}', now(), now())")
                        .bind("$1", projectId).bind("$2", collection).bind("$3", key).execute())
                .flatMap(result -> result.getRowsUpdated()).blockLast();
        return new LateCommit(connection);
    }

    /**
     * The pool's own factory: a connection taken from the pool by a test that then holds it is one
     * the pool's guard takes back (and rolls back) after a while.
     */
    static ConnectionFactory direct(ConnectionFactory factory) {
        if (factory instanceof dev.vellum.pool.GuardedConnectionPool guarded) {
            return guarded.unwrap().unwrap();
        }
        return factory;
    }

    void commit() {
        Mono.from(connection.commitTransaction()).then(Mono.from(connection.close())).block();
    }
}
