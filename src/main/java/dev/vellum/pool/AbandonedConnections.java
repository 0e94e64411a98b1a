package dev.vellum.pool;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Gives back connections whose borrower was cancelled after receiving them and then did not give
 * them back itself. A borrower that was cancelled mid-request normally rolls back and closes
 * within milliseconds (Spring's transaction manager and DatabaseClient both do); one cancelled
 * while Spring was still beginning its transaction never does. After {@code grace} the lease is
 * closed here: the pool rolls back the open transaction before the connection is reused.
 */
final class AbandonedConnections implements Consumer<LeasedConnection> {

    private static final Logger log = LoggerFactory.getLogger(AbandonedConnections.class);

    private final Duration grace;
    private final Scheduler timer;

    AbandonedConnections(Duration grace, Scheduler timer) {
        this.grace = grace;
        this.timer = timer;
    }

    @Override
    public void accept(LeasedConnection lease) {
        Mono.delay(grace, timer)
                .filter(ignored -> !lease.isClosed())
                .flatMap(ignored -> {
                    log.debug("A cancelled request left its connection open; giving it back to the pool");
                    return Mono.from(lease.close());
                })
                .onErrorResume(failure -> {
                    log.debug("Closing an abandoned connection failed", failure);
                    return Mono.empty();
                })
                .subscribe();
    }
}
