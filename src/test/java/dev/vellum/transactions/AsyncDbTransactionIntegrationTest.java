package dev.vellum.transactions;

import dev.vellum.fence.TransactionNames;
import dev.vellum.fence.TransactionOutcome;
import dev.vellum.fence.TransactionSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.documents.AsyncDb;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** AsyncDb.transaction: the seed's outcome rules, for Java callbacks. */
class AsyncDbTransactionIntegrationTest extends IntegrationTest {

    @Autowired
    private AsyncDbFactory dbs;
    @Autowired
    private ApiKeyStore apiKeys;
    @Autowired
    private ReactiveStringRedisTemplate redis;
    @Autowired
    private Environment environment;

    private AsyncDb db() {
        return dbs.forCaller(new Caller(apiKeys.find(SECRET_KEY).block().projectId(), Caller.KeyKind.SECRET, null));
    }

    private static String key() {
        return "tx-" + UUID.randomUUID();
    }

    private static Supplier<Mono<Map<String, Object>>> charge(AsyncDb db, String orders, AtomicInteger runs) {
        return () -> Mono.fromRunnable(runs::incrementAndGet)
                .then(db.createDocument(orders, TxClient.JSON.createObjectNode().put("status", "paid")))
                .map(doc -> Map.of("charged", true, "order_id", doc.get("id").asString(), "amount", 12.5));
    }

    private long count(String collection) {
        return new TxClient(port, SECRET_KEY, null).count(collection);
    }

    @Test
    void runs_once_then_replays_the_same_result_without_calling_fn() {
        AsyncDb db = db();
        String orders = freshCollection();
        AtomicInteger runs = new AtomicInteger();
        String key = key();

        TransactionOutcome first = db.transaction(key, charge(db, orders, runs), "wallet:u1").block();
        assertThat(first.ok()).isTrue();
        assertThat(first.idempotent()).isFalse();
        assertThat(first.locked()).isFalse();
        assertThat(first.error()).isNull();
        assertThat(first.retryIn()).isNull();
        assertThat(first.result()).containsEntry("charged", true).containsEntry("amount", 12.5);

        TransactionOutcome again = db.transaction(key, charge(db, orders, runs), "wallet:u1").block();
        assertThat(again.idempotent()).isTrue();
        assertThat(again.result()).isEqualTo(first.result());
        assertThat(runs).hasValue(1);
        assertThat(count(orders)).isEqualTo(1);
    }

    @Test
    void a_replay_from_postgres_does_not_call_fn_either() {
        AsyncDb db = db();
        String orders = freshCollection();
        AtomicInteger runs = new AtomicInteger();
        String key = key();
        TransactionOutcome first = db.transaction(key, charge(db, orders, runs), "wallet:u1").block();
        assertThat(first.ok()).as(first.toString()).isTrue();
        long projectId = apiKeys.find(SECRET_KEY).block().projectId();
        RedisWipe.wipe(redis, environment,
                TransactionNames.of(projectId, "key:secret", new TransactionSpec(key, "wallet:u1", 30, 60, null)));

        // fn is code: unlike a transaction's operations, it starts only once the fence let the transaction in
        TransactionOutcome again = db.transaction(key, charge(db, orders, runs), "wallet:u1").block();
        assertThat(again.idempotent()).as(again.toString()).isTrue();
        assertThat(again.result()).isEqualTo(first.result());
        assertThat(runs).hasValue(1);
        assertThat(count(orders)).isEqualTo(1);
    }

    @Test
    void a_failing_fn_writes_nothing_caches_nothing_and_may_run_again() {
        AsyncDb db = db();
        String orders = freshCollection();
        String key = key();
        AtomicInteger attempts = new AtomicInteger();
        Supplier<Mono<Map<String, Object>>> flaky = () -> db.createDocument(orders, TxClient.JSON.createObjectNode().put("n", 1))
                .flatMap(doc -> attempts.incrementAndGet() == 1
                        ? Mono.error(new IllegalStateException("Order not found"))
                        : Mono.just(Map.<String, Object>of("order_id", doc.get("id").asString())));

        TransactionOutcome failed = db.transaction(key, flaky).block();
        assertThat(failed.ok()).isFalse();
        assertThat(failed.result()).isEmpty();
        assertThat(failed.idempotent()).isFalse();
        assertThat(failed.locked()).isFalse();
        assertThat(failed.error()).isEqualTo("Order not found");
        assertThat(failed.errorCode()).isEqualTo("TRANSACTION_FAILED");
        assertThat(count(orders)).as("the insert before the failure was rolled back").isZero();

        TransactionOutcome retried = db.transaction(key, flaky).block();
        assertThat(retried.ok()).isTrue();
        assertThat(retried.idempotent()).isFalse();
        assertThat(count(orders)).isEqualTo(1);
    }

    @Test
    void vellum_errors_inside_fn_keep_their_code() {
        AsyncDb db = db();
        TransactionOutcome outcome = db.transaction(key(),
                () -> db.updateDocument(freshCollection(), "nope", TxClient.JSON.createObjectNode(), 3L)
                        .map(doc -> Map.<String, Object>of("id", doc.get("id").asString()))
                        .switchIfEmpty(Mono.error(new IllegalArgumentException("no such order")))).block();
        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.errorCode()).isIn("COLLECTION_NOT_FOUND", "TRANSACTION_FAILED");
        assertThat(outcome.error()).doesNotContain("select").doesNotContain("Exception");
    }

    @Test
    void never_signals_an_error_even_for_bad_arguments_or_results() {
        AsyncDb db = db();
        StepVerifier.create(db.transaction(" ", () -> Mono.just(Map.of())))
                .assertNext(outcome -> {
                    assertThat(outcome.ok()).isFalse();
                    assertThat(outcome.errorCode()).isEqualTo("VALIDATION_ERROR");
                })
                .verifyComplete();
        StepVerifier.create(db.transaction(key(), () -> Mono.just(Map.of()), null, 0, 60))
                .assertNext(outcome -> assertThat(outcome.errorCode()).isEqualTo("VALIDATION_ERROR"))
                .verifyComplete();
        StepVerifier.create(db.transaction(key(), () -> Mono.just(Map.<String, Object>of("self", new Object() {
                    public Object getSelf() {
                        return this;
                    }
                }))))
                .assertNext(outcome -> {
                    assertThat(outcome.ok()).isFalse();
                    assertThat(outcome.error()).startsWith("the result cannot be stored as JSON");
                })
                .verifyComplete();
        StepVerifier.create(db.transaction(key(), () -> null))
                .assertNext(outcome -> assertThat(outcome.ok()).isFalse())
                .verifyComplete();
    }

    @Test
    void an_empty_fn_result_is_an_empty_result_and_expired_records_run_again() {
        AsyncDb db = db();
        String key = key();
        AtomicInteger runs = new AtomicInteger();
        Supplier<Mono<Map<String, Object>>> nothing = () -> Mono.fromRunnable(runs::incrementAndGet);
        TransactionOutcome first = db.transaction(key, nothing, null, 30, 1).block();
        assertThat(first.ok()).isTrue();
        assertThat(first.result()).isEmpty();

        // once result_ttl_seconds have passed the key is free again (Redis entry and Postgres record)
        Mono.delay(Duration.ofMillis(1100)).block();
        TransactionOutcome later = db.transaction(key, nothing, null, 30, 1).block();
        assertThat(later.idempotent()).isFalse();
        assertThat(runs).hasValue(2);
    }
}
