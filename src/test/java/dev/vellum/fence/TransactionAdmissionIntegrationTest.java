package dev.vellum.fence;

import static dev.vellum.fence.TransactionRunner.Start.AFTER_FENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.config.VellumProperties;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.ratelimit.BucketKind;
import dev.vellum.ratelimit.BucketLimit;
import dev.vellum.ratelimit.RateLimitKeys;
import dev.vellum.ratelimit.TokenBuckets;
import dev.vellum.redis.RedisScripts;
import dev.vellum.redis.SharedRedisConnection;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.RoundTripProxy;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * A transaction's rate limit and its first Redis script share one round trip: the limit is sent
 * first and its answer awaited together with the script's. Redis round trips are counted on the
 * wire by a {@link RoundTripProxy} between a Redis connection of this test's own and the suite's
 * Redis; PostgreSQL is the suite's.
 */
class TransactionAdmissionIntegrationTest extends IntegrationTest {

    @Autowired
    private LettuceConnectionFactory suiteRedis;
    @Autowired
    private ReactiveStringRedisTemplate redis;
    @Autowired
    private FenceRecords records;
    @Autowired
    private TransactionalOperator tx;
    @Autowired
    private JsonMapper mapper;
    @Autowired
    private VellumProperties properties;
    @Autowired
    private ApiKeyStore apiKeys;

    private RoundTripProxy proxy;
    private LettuceConnectionFactory proxied;
    private TokenBuckets buckets;
    private TransactionRunner runner;
    private Caller caller;

    @BeforeEach
    void throughProxy() throws Exception {
        proxy = new RoundTripProxy(suiteRedis.getHostName(), suiteRedis.getPort());
        proxied = new LettuceConnectionFactory("127.0.0.1", proxy.port());
        proxied.afterPropertiesSet();
        proxied.start();
        RedisScripts scripts = new RedisScripts(new ReactiveStringRedisTemplate(proxied), new SharedRedisConnection(proxied));
        buckets = new TokenBuckets(scripts);
        runner = new TransactionRunner(new TransactionRedis(scripts), records, tx, mapper, properties);
        caller = new Caller(apiKeys.find(SECRET_KEY).block().projectId(), Caller.KeyKind.SECRET, null);
    }

    @AfterEach
    void close() throws Exception {
        proxied.destroy();
        proxy.close();
    }

    @Test
    void the_rate_limit_and_the_first_script_are_one_round_trip_where_waiting_first_makes_two() {
        String bucket = RateLimitKeys.bucket(0, BucketKind.SECRET_KEY, UUID.randomUUID().toString());
        BucketLimit limit = new BucketLimit(100, 1);
        run("warm-" + UUID.randomUUID(), sent(buckets.take(bucket, limit).then())); // scripts loaded before counting

        long before = proxy.roundTrips();
        TransactionOutcome ran = run("count-" + UUID.randomUUID(), sent(buckets.take(bucket, limit).then()));
        assertThat(ran.ok()).as(ran.toString()).isTrue();
        assertThat(proxy.roundTrips() - before).as("rate limit with tx_begin, then tx_end").isEqualTo(2);

        before = proxy.roundTrips();
        buckets.take(bucket, limit).block(Duration.ofSeconds(5));
        ran = run("count-" + UUID.randomUUID(), Mono.empty());
        assertThat(ran.ok()).as(ran.toString()).isTrue();
        assertThat(proxy.roundTrips() - before).as("the proxy tells the two apart").isEqualTo(3);
    }

    @Test
    void the_lock_is_taken_while_the_rate_limit_is_unanswered_and_nothing_runs_before_it_says_yes() {
        Sinks.Empty<Void> admission = Sinks.empty();
        AtomicInteger runs = new AtomicInteger();
        String key = "pending-" + UUID.randomUUID();
        TransactionSpec spec = new TransactionSpec(key, null, 30, 3600, "fp");
        Mono<TransactionOutcome> outcome = runner.run(caller, () -> spec, counted(runs), AFTER_FENCE,
                admission.asMono()).cache();
        outcome.subscribe();

        String lockKey = TransactionNames.of(caller.projectId(), caller.scope(), spec).lockKey();
        for (int i = 0; i < 100 && !Boolean.TRUE.equals(redis.hasKey(lockKey).block()); i++) {
            sleep(50);
        }
        assertThat(redis.hasKey(lockKey).block()).as("tx_begin went out before the rate limit answered").isTrue();
        assertThat(runs).as("the work waits for the rate limit").hasValue(0);

        admission.tryEmitEmpty();
        TransactionOutcome ran = outcome.block(Duration.ofSeconds(30));
        assertThat(ran.ok()).as(ran.toString()).isTrue();
        assertThat(runs).hasValue(1);
        assertThat(redis.hasKey(lockKey).block()).as("released after the commit").isFalse();
    }

    @Test
    void a_refused_rate_limit_is_the_answer_and_the_lock_it_raced_is_released() {
        AtomicInteger runs = new AtomicInteger();
        TransactionSpec spec = new TransactionSpec("refused-" + UUID.randomUUID(), "wallet:" + UUID.randomUUID(), 30, 3600, "fp");
        Mono<Void> refusal = Mono.error(new VellumException(ErrorCode.RATE_LIMIT_EXCEEDED, "too many requests", Map.of()));

        assertThatThrownBy(() -> runner.run(caller, () -> spec, counted(runs), AFTER_FENCE, sent(refusal))
                .block(Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(VellumException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED));
        assertThat(runs).hasValue(0);
        String lockKey = TransactionNames.of(caller.projectId(), caller.scope(), spec).lockKey();
        assertThat(redis.hasKey(lockKey).block()).isFalse();

        // an invalid transaction from a refused caller is refused too, not reported as invalid
        assertThatThrownBy(() -> runner.run(caller, () -> new TransactionSpec(" ", null, 30, 3600, "fp"), counted(runs),
                AFTER_FENCE, sent(refusal)).block(Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(VellumException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED));
        assertThat(runs).hasValue(0);
    }

    /** The rate limit as the filter sends it: under way before the transaction is read, its answer kept. */
    private static Mono<Void> sent(Mono<Void> admission) {
        Mono<Void> answer = admission.cache();
        answer.subscribe(null, failure -> { });
        return answer;
    }

    private TransactionOutcome run(String key, Mono<Void> admission) {
        Supplier<TransactionSpec> spec = () -> new TransactionSpec(key, null, 30, 3600, "fp");
        return runner.run(caller, spec, counted(new AtomicInteger()), AFTER_FENCE, admission)
                .block(Duration.ofSeconds(30));
    }

    private static Supplier<Mono<Map<String, Object>>> counted(AtomicInteger runs) {
        return () -> Mono.fromSupplier(() -> Map.of("n", runs.incrementAndGet()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
