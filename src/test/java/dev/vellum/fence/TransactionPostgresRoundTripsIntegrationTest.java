package dev.vellum.fence;

import static dev.vellum.fence.TransactionRunner.Start.AFTER_FENCE;
import static dev.vellum.fence.TransactionRunner.Start.WITH_FENCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.config.VellumProperties;
import dev.vellum.pool.GuardedConnectionPool;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.ProxiedPool;
import dev.vellum.support.RoundTripProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * PostgreSQL round trips of one transaction, counted on the wire by a TCP proxy between the fence
 * and PostgreSQL (see {@link RoundTripProxy}: the count can only err high). The fence under test
 * is the real one ({@link TransactionRunner}, {@link FenceRecords}, the guarded pool), built on a
 * pool of one connection that goes through the proxy; Redis is the suite's. A transaction whose
 * work is one statement costs three: BEGIN, the fence's statement (the locks and the record
 * check, a simple query) and the work's statement sent together; the record; COMMIT. Work that
 * is code waits for the fence's answer before it starts: four. It was five with BEGIN a round
 * trip of its own, six or seven before the locks and the lookup became one statement. COMMIT
 * cannot ride with the record: r2dbc-postgresql sends the next request only once an extended
 * query's answer is in.
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
    @Autowired
    private ReactiveStringRedisTemplate template;

    private RoundTripProxy proxy;
    private ProxiedPool proxied;
    private DatabaseClient db;
    private FenceRecords records;
    private TransactionRunner runner;

    @BeforeEach
    void throughProxy() throws Exception {
        proxied = new ProxiedPool(environment);
        proxy = proxied.proxy();
        GuardedConnectionPool pool = proxied.pool();
        db = DatabaseClient.builder().connectionFactory(pool).namedParameters(false).build();
        records = new FenceRecords(db, mapper);
        runner = new TransactionRunner(redis, records, proxied.transactions(), mapper, properties);
        // the pool's one connection keeps it for the test
        db.sql("create temp table probe (key text not null, n int not null)").then().block(Duration.ofSeconds(30));
    }

    @AfterEach
    void close() throws Exception {
        proxied.close();
    }

    @Test
    void a_transaction_of_one_statement_costs_three_postgres_round_trips_and_work_that_is_code_four() {
        Caller caller = caller();
        run(caller, "warm-" + UUID.randomUUID(), null, WITH_FENCE); // connection made, statements prepared
        run(caller, "warm-" + UUID.randomUUID(), null, AFTER_FENCE);
        for (TransactionRunner.Start start : TransactionRunner.Start.values()) {
            for (String resource : new String[] {null, "wallet:" + UUID.randomUUID()}) {
                long before = proxy.roundTrips();
                proxy.clearLog();
                TransactionOutcome outcome = run(caller, "count-" + UUID.randomUUID(), resource, start);
                assertThat(outcome.ok()).as(outcome.toString()).isTrue();
                long trips = proxy.roundTrips() - before;
                assertThat(trips).as("%s, lock_resource %s, on the wire: %s", start, resource, proxy.log())
                        .isEqualTo(start == WITH_FENCE ? 3 : 4);
            }
        }
    }

    @Test
    void a_key_whose_record_postgres_holds_is_replayed_and_the_work_sent_behind_the_fence_does_nothing() {
        Caller caller = caller();
        String key = "replay-" + UUID.randomUUID();
        TransactionSpec spec = new TransactionSpec(key, null, 30, 3600, "fp");
        AtomicInteger runs = new AtomicInteger();
        TransactionOutcome first = runner.run(caller, () -> spec, counting(key, runs), WITH_FENCE, Mono.empty()).block();
        assertThat(first.ok()).as(first.toString()).isTrue();
        // Redis lost the result: PostgreSQL's record answers
        template.delete(TransactionNames.of(caller.projectId(), caller.scope(), spec).resultKey()).block();

        TransactionOutcome again = runner.run(caller, () -> spec, counting(key, runs), WITH_FENCE, Mono.empty()).block();
        assertThat(again.idempotent()).as(again.toString()).isTrue();
        assertThat(again.result()).isEqualTo(first.result());
        assertThat(runs).as("its statement went out behind the fence's").hasValue(2);
        assertThat(probes(key)).as("the second run's insert rolled back with the fence's refusal").isEqualTo(1);
    }

    @Test
    void a_key_whose_lock_id_another_keys_live_record_carries_runs_once_looked_up_by_its_text() {
        Caller caller = caller();
        String key = "shared-id-" + UUID.randomUUID();
        TransactionSpec spec = new TransactionSpec(key, null, 30, 3600, "fp");
        TransactionNames names = TransactionNames.of(caller.projectId(), caller.scope(), spec);
        // what a collision of two keys' 64-bit lock ids would leave
        FenceKey other = new FenceKey(caller.projectId(), caller.scope(), FenceKey.Kind.TRANSACTION, "other-" + key);
        records.save(other, LockIds.of(names.keyLock()), new FenceRecord("fp".getBytes(StandardCharsets.UTF_8), 200,
                Map.of(), "{\"n\":0}".getBytes(StandardCharsets.UTF_8)), Duration.ofHours(1)).block();
        AtomicInteger runs = new AtomicInteger();

        TransactionOutcome ran = runner.run(caller, () -> spec, counting(key, runs), WITH_FENCE, Mono.empty()).block();
        assertThat(ran.ok()).as(ran.toString()).isTrue();
        assertThat(ran.idempotent()).isFalse();
        assertThat(ran.result()).as("the first attempt was undone, the second committed").isEqualTo(Map.of("n", 2));

        template.delete(names.resultKey()).block();
        TransactionOutcome again = runner.run(caller, () -> spec, counting(key, runs), WITH_FENCE, Mono.empty()).block();
        assertThat(again.idempotent()).as(again.toString()).isTrue();
        assertThat(again.result()).isEqualTo(Map.of("n", 2));
        assertThat(probes(key)).isEqualTo(1);
    }

    private Caller caller() {
        return new Caller(apiKeys.find(SECRET_KEY).block().projectId(), Caller.KeyKind.SECRET, null);
    }

    private TransactionOutcome run(Caller caller, String key, String resource, TransactionRunner.Start start) {
        Supplier<TransactionSpec> spec = () -> new TransactionSpec(key, resource, 30, 3600, "fp");
        Supplier<Mono<Map<String, Object>>> work = () -> db.sql("select $1::int as n").bind(0, 1)
                .map((row, meta) -> Map.<String, Object>of("n", row.get("n", Integer.class))).one();
        return runner.run(caller, spec, work, start, Mono.empty()).block(Duration.ofSeconds(30));
    }

    private long probes(String key) {
        return db.sql("select count(*) as n from pg_temp.probe where key = $1").bind(0, key)
                .map((row, meta) -> row.get("n", Long.class)).one().block(Duration.ofSeconds(30));
    }

    /** Work of one statement: an insert into the connection's temporary table, answering the call's number. */
    private Supplier<Mono<Map<String, Object>>> counting(String key, AtomicInteger runs) {
        return () -> db.sql("insert into pg_temp.probe (key, n) values ($1, $2) returning n")
                .bind(0, key).bind(1, runs.incrementAndGet())
                .map((row, meta) -> Map.<String, Object>of("n", row.get("n", Integer.class))).one();
    }
}
