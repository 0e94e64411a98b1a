package dev.vellum.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Transactions cancelled at every moment of their life (while the connection is being taken,
 * while BEGIN is on the wire, while a statement runs) never leave a pooled connection inside a
 * transaction, and the connections they used serve the next borrower cleanly.
 */
class CancelledTransactionsIntegrationTest extends IntegrationTest {

    @Autowired
    private DatabaseClient db;
    @Autowired
    private TransactionalOperator tx;

    @Test
    void transactions_cancelled_at_random_moments_leave_no_connection_in_a_transaction() throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            Mono<Long> work = db.sql("select pg_sleep(0.001)").fetch().rowsUpdated()
                    .then(db.sql("select 1").map(row -> 1L).one());
            Disposable running = tx.transactional(work).subscribe();
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(3_000_000));
            running.dispose();
        }
        // every connection the pool hands out now is outside any earlier transaction
        for (int i = 0; i < 64; i++) {
            Boolean fresh = db.sql("select now() = statement_timestamp()")
                    .map(row -> row.get(0, Boolean.class)).one().block(Duration.ofSeconds(30));
            assertThat(fresh).as("a borrowed connection runs outside any earlier transaction").isTrue();
        }
        long open = -1;
        for (int attempt = 0; attempt < 100 && open != 0; attempt++) {
            Thread.sleep(200);
            open = db.sql("select count(*) from pg_stat_activity where datname = current_database()"
                            + " and pid <> pg_backend_pid() and state like 'idle in transaction%'")
                    .map(row -> row.get(0, Long.class)).one().block(Duration.ofSeconds(30));
        }
        assertThat(open).as("sessions left idle in a transaction").isZero();
    }

    @Test
    void sessions_end_a_transaction_left_idle_for_a_minute() {
        String timeout = db.sql("show idle_in_transaction_session_timeout")
                .map(row -> row.get(0, String.class)).one().block(Duration.ofSeconds(30));
        assertThat(timeout).isEqualTo("1min");
    }
}
