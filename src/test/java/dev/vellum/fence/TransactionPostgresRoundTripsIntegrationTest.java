package dev.vellum.fence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.config.VellumProperties;
import dev.vellum.pool.GuardedConnectionPool;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.ProxiedPool;
import dev.vellum.support.RoundTripProxy;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * PostgreSQL round trips of one transaction, counted on the wire by a TCP proxy between the fence
 * and PostgreSQL (see {@link RoundTripProxy}: the count can only err high). The fence under test
 * is the real one ({@link TransactionRunner}, {@link FenceRecords}, the guarded pool), built on a
 * pool of one connection that goes through the proxy; Redis is the suite's. A transaction whose
 * work is one statement costs four: BEGIN with the locks and the record lookup (one statement,
 * sent right behind BEGIN), the work, the record, COMMIT. It was five with BEGIN a round trip of
 * its own, six or seven before the locks and the lookup became one statement. COMMIT cannot ride
 * with the record: r2dbc-postgresql sends the next request only once a statement's answer is in.
 */
class TransactionPostgresRoundTripsIntegrationTest extends IntegrationTest {

    @Autowired
    private Environment environment;
    @Autowired
    private TransactionRedis redis;
    @Autowired
    private JsonMapper mapper;
    @Autowired
    private VellumProperties properties;
    @Autowired
    private ApiKeyStore apiKeys;

    private RoundTripProxy proxy;
    private ProxiedPool proxied;
    private DatabaseClient db;
    private TransactionRunner runner;

    @BeforeEach
    void throughProxy() throws Exception {
        proxied = new ProxiedPool(environment);
        proxy = proxied.proxy();
        GuardedConnectionPool pool = proxied.pool();
        db = DatabaseClient.builder().connectionFactory(pool).namedParameters(false).build();
        runner = new TransactionRunner(redis, new FenceRecords(db, mapper), proxied.transactions(), mapper, properties);
    }

    @AfterEach
    void close() throws Exception {
        proxied.close();
    }

    @Test
    void a_transaction_of_one_statement_costs_four_postgres_round_trips() {
        Caller caller = new Caller(apiKeys.find(SECRET_KEY).block().projectId(), Caller.KeyKind.SECRET, null);
        run(caller, "warm-" + UUID.randomUUID(), null); // connection made and statements prepared before counting
        for (String resource : new String[] {null, "wallet:" + UUID.randomUUID()}) {
            long before = proxy.roundTrips();
            proxy.clearLog();
            TransactionOutcome outcome = run(caller, "count-" + UUID.randomUUID(), resource);
            assertThat(outcome.ok()).as(outcome.toString()).isTrue();
            long trips = proxy.roundTrips() - before;
            assertThat(trips).as("lock_resource %s, on the wire: %s", resource, proxy.log()).isEqualTo(4);
        }
    }

    private TransactionOutcome run(Caller caller, String key, String resource) {
        Supplier<TransactionSpec> spec = () -> new TransactionSpec(key, resource, 30, 3600, "fp");
        Supplier<Mono<Map<String, Object>>> work = () -> db.sql("select $1::int as n").bind(0, 1)
                .map((row, meta) -> Map.<String, Object>of("n", row.get("n", Integer.class))).one();
        return runner.run(caller, spec, work).block(Duration.ofSeconds(30));
    }
}
