package dev.vellum.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.ProxiedPool;
import dev.vellum.support.RoundTripProxy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * {@code BEGIN} travels with a transaction's first statement ({@link LeasedConnection},
 * {@link LeasedStatement}), counted on the wire by a {@link RoundTripProxy} in front of the suite's
 * PostgreSQL, through the guarded pool and Spring's transaction manager as Vellum uses them.
 */
class DeferredBeginIntegrationTest extends IntegrationTest {

    @Autowired
    private Environment environment;
    @Autowired
    private DatabaseClient db;

    private RoundTripProxy proxy;
    private ProxiedPool proxied;
    private DatabaseClient client;
    private TransactionalOperator tx;

    @BeforeEach
    void throughProxy() throws Exception {
        proxied = new ProxiedPool(environment);
        proxy = proxied.proxy();
        GuardedConnectionPool pool = proxied.pool();
        client = DatabaseClient.create(pool);
        tx = proxied.transactions();
        client.sql("create table if not exists deferred_begin_probe (id text primary key)").then().block();
        xid().block(); // connection made and statement prepared before counting
    }

    @AfterEach
    void close() throws Exception {
        proxied.close();
    }

    @Test
    void the_first_statement_rides_with_begin_and_every_statement_runs_in_the_one_transaction() {
        long before = proxy.roundTrips();
        List<String> ids = tx.transactional(xid().concatWith(xid())).collectList().block(Duration.ofSeconds(30));
        assertThat(proxy.roundTrips() - before).as("BEGIN with the first, the second, COMMIT: %s", proxy.log()).isEqualTo(3);
        assertThat(ids).hasSize(2);
        assertThat(ids.get(0)).as("one transaction id for both statements").isEqualTo(ids.get(1));
        assertThat(xid().block()).as("outside, another transaction").isNotEqualTo(ids.get(0));
    }

    @Test
    void a_failed_transaction_still_rolls_back_what_its_first_statement_wrote() {
        String id = UUID.randomUUID().toString();
        Mono<Void> failing = client.sql("insert into deferred_begin_probe (id) values ($1)").bind(0, id).then()
                .then(Mono.error(new IllegalStateException("the work failed")));
        assertThatThrownBy(() -> tx.transactional(failing).block(Duration.ofSeconds(30))).hasMessage("the work failed");
        assertThat(client.sql("select count(*) as n from deferred_begin_probe where id = $1").bind(0, id)
                .map((row, meta) -> row.get("n", Long.class)).one().block()).isZero();
    }

    @Test
    void a_transaction_that_runs_nothing_sends_nothing_and_leaves_the_connection_clean() {
        long before = proxy.roundTrips();
        tx.transactional(Mono.empty()).block(Duration.ofSeconds(30));
        assertThat(proxy.roundTrips() - before).as(proxy.log()).isZero();
        assertThat(client.sql("select pg_current_xact_id_if_assigned() is null as idle")
                .map((row, meta) -> row.get("idle", Boolean.class)).one().block()).isTrue();
        List<String> ids = tx.transactional(xid().concatWith(xid())).collectList().block(Duration.ofSeconds(30));
        assertThat(ids.get(0)).isEqualTo(ids.get(1));
    }

    @Test
    void a_transaction_cancelled_before_begin_is_answered_gives_back_a_connection_outside_any_transaction() {
        // the proxy holds every answer 300 ms: the cancel lands while BEGIN is sent and unanswered
        String lost = UUID.randomUUID().toString();
        tx.transactional(client.sql("insert into deferred_begin_probe (id) values ($1)").bind(0, lost).then())
                .timeout(Duration.ofMillis(50), Mono.empty())
                .block(Duration.ofSeconds(30));

        // the pool has one connection: the next borrower gets that one, and its autocommit write must commit
        String kept = UUID.randomUUID().toString();
        client.sql("insert into deferred_begin_probe (id) values ($1)").bind(0, kept).then().block(Duration.ofSeconds(30));
        assertThat(committed(kept)).as("a write acknowledged after the cancel is committed").isTrue();
        assertThat(committed(lost)).as("the cancelled transaction rolled back").isFalse();
    }

    /** Whether {@code id} is visible to another session (the suite's pool, not the proxied one). */
    private boolean committed(String id) {
        return db.sql("select count(*) as n from deferred_begin_probe where id = $1").bind(0, id)
                .map((row, meta) -> row.get("n", Long.class)).one().block() == 1L;
    }

    private Mono<String> xid() {
        return client.sql("select pg_current_xact_id()::text as xid").map((row, meta) -> row.get("xid", String.class)).one();
    }
}
