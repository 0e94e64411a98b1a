package dev.vellum.pool;

import io.r2dbc.spi.Connection;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The pool's last check before a returned connection can be borrowed again: a connection still
 * inside a transaction (PostgreSQL's last ReadyForQuery said "in transaction" or "failed") is
 * rolled back first; if that fails, it is closed, and the pool's validation on the next borrow
 * drops it. A clean connection costs nothing here: the driver knows its state without asking.
 */
final class DirtyConnectionRollback implements Function<Connection, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(DirtyConnectionRollback.class);

    @Override
    public Publisher<Void> apply(Connection connection) {
        if (connection.isAutoCommit()) {
            return Mono.empty();
        }
        log.warn("A connection came back to the pool inside a transaction; rolling it back");
        return Mono.from(connection.rollbackTransaction())
                .onErrorResume(failure -> {
                    log.warn("Rolling back a returned connection failed; closing it", failure);
                    return Mono.from(connection.close()).onErrorResume(ignored -> Mono.empty());
                });
    }
}
