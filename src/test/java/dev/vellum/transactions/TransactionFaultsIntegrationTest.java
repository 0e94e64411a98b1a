package dev.vellum.transactions;

import dev.vellum.fence.TransactionOutcome;
import dev.vellum.fence.TransactionNames;
import dev.vellum.fence.TransactionSpec;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.documents.AsyncDb;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.redis.RedisOutage;
import dev.vellum.support.IntegrationTest;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import redis.embedded.RedisServer;

/**
 * Exactly once when Redis cannot be trusted: the lock expires while the work still runs, Redis is
 * flushed in the middle, Redis stops in the middle. Callers arriving meanwhile are told
 * {@code locked} by the Postgres fence, the work's writes happen once, and the result is replayed
 * from Postgres afterwards.
 */
class TransactionFaultsIntegrationTest extends IntegrationTest {

    private static final int DUPLICATES = 10;

    @Autowired
    private AsyncDbFactory dbs;
    @Autowired
    private ApiKeyStore apiKeys;
    @Autowired
    private ReactiveStringRedisTemplate redis;
    @Autowired
    private Environment environment;

    /** Work that says it started, waits for the gate, then inserts one order. */
    private record SlowWork(CountDownLatch started, Sinks.Empty<Void> gate, Supplier<Mono<Map<String, Object>>> fn) {
    }

    private long projectId() {
        return apiKeys.find(SECRET_KEY).block().projectId();
    }

    private AsyncDb db() {
        return dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
    }

    private static Supplier<Mono<Map<String, Object>>> insert(AsyncDb db, String collection) {
        return () -> db.createDocument(collection, TxClient.JSON.createObjectNode().put("paid", true))
                .map(doc -> Map.of("order", doc.get("id").asString()));
    }

    private static SlowWork slow(AsyncDb db, String collection) {
        CountDownLatch started = new CountDownLatch(1);
        Sinks.Empty<Void> gate = Sinks.empty();
        Supplier<Mono<Map<String, Object>>> fn = () -> Mono.fromRunnable(started::countDown)
                .then(gate.asMono())
                .then(insert(db, collection).get());
        return new SlowWork(started, gate, fn);
    }

    private String lockKey(String key, int lockTtl) {
        return TransactionNames.of(projectId(), "key:secret", new TransactionSpec(key, null, lockTtl, 3600, null)).lockKey();
    }

    private long orders(String collection) {
        return new TxClient(port, SECRET_KEY, null).count(collection);
    }

    private List<TransactionOutcome> duplicates(AsyncDb db, String key, String collection, int lockTtl) {
        return Flux.range(0, DUPLICATES)
                .flatMap(i -> db.transaction(key, insert(db, collection), null, lockTtl, 3600))
                .collectList()
                .block(Duration.ofSeconds(60));
    }

    @Test
    void a_lock_that_expires_while_the_work_runs_lets_nobody_run_it_again() throws Exception {
        AsyncDb db = db();
        String orders = freshCollection();
        String key = "tx-" + UUID.randomUUID();
        SlowWork work = slow(db, orders);
        CompletableFuture<TransactionOutcome> first = db.transaction(key, work.fn(), null, 1, 3600).toFuture();
        assertThat(work.started().await(30, TimeUnit.SECONDS)).isTrue();
        String lockKey = lockKey(key, 1);
        waitFor("the 1 s lock to expire", () -> !redis.hasKey(lockKey).block());

        List<TransactionOutcome> meanwhile = duplicates(db, key, orders, 1);
        assertThat(meanwhile).allSatisfy(outcome -> {
            assertThat(outcome.locked()).isTrue();
            assertThat(outcome.retryIn()).isPositive();
        });
        // someone else holds the Redis lock by the time the first caller finishes: it must stay
        redis.opsForValue().set(lockKey, "someone-else", Duration.ofSeconds(20)).block();

        work.gate().tryEmitEmpty();
        TransactionOutcome done = first.get(30, TimeUnit.SECONDS);
        assertThat(done.ok()).isTrue();
        assertThat(done.idempotent()).isFalse();
        assertThat(redis.opsForValue().get(lockKey).block()).as("only the holder releases a lock").isEqualTo("someone-else");
        redis.delete(lockKey).block();

        TransactionOutcome later = db.transaction(key, insert(db, orders), null, 1, 3600).block();
        assertThat(later.idempotent()).isTrue();
        assertThat(later.result()).isEqualTo(done.result());
        assertThat(orders(orders)).isEqualTo(1);
    }

    @Test
    void a_redis_flushed_while_the_work_runs_lets_nobody_run_it_again() throws Exception {
        AsyncDb db = db();
        String orders = freshCollection();
        String key = "tx-" + UUID.randomUUID();
        SlowWork work = slow(db, orders);
        CompletableFuture<TransactionOutcome> first = db.transaction(key, work.fn()).toFuture();
        assertThat(work.started().await(30, TimeUnit.SECONDS)).isTrue();
        wipeRedis(key);

        assertThat(duplicates(db, key, orders, 30)).allSatisfy(outcome -> assertThat(outcome.locked()).isTrue());
        work.gate().tryEmitEmpty();
        TransactionOutcome done = first.get(30, TimeUnit.SECONDS);
        assertThat(done.ok()).isTrue();

        wipeRedis(key);
        TransactionOutcome later = db.transaction(key, insert(db, orders)).block();
        assertThat(later.idempotent()).as("replayed from the Postgres record").isTrue();
        assertThat(later.result()).isEqualTo(done.result());
        assertThat(orders(orders)).isEqualTo(1);
    }

    @Test
    void a_redis_stopped_while_the_work_runs_lets_nobody_run_it_again_and_the_log_says_so() throws Exception {
        String redisUrl = environment.getRequiredProperty("spring.data.redis.url");
        Assumptions.assumeTrue(environment.getProperty("vellum.redis.url", "").isBlank(),
                "stops and restarts the embedded Redis; an external Redis is not this test's to stop");
        int redisPort = java.net.URI.create(redisUrl).getPort();
        Path redisDir = Path.of(environment.getRequiredProperty("vellum.embedded.data-dir")).resolve("redis").toAbsolutePath();
        Logger log = (Logger) LoggerFactory.getLogger(RedisOutage.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        RedisServer restarted = null;
        try {
            AsyncDb db = db();
            String orders = freshCollection();
            String key = "tx-" + UUID.randomUUID();
            SlowWork work = slow(db, orders);
            CompletableFuture<TransactionOutcome> first = db.transaction(key, work.fn()).toFuture();
            assertThat(work.started().await(30, TimeUnit.SECONDS)).isTrue();
            shutDown(redisUrl);
            waitFor("Redis to be gone", () -> redis.hasKey("any").map(found -> false).onErrorReturn(true)
                    .block(Duration.ofSeconds(5)));

            assertThat(duplicates(db, key, orders, 30)).allSatisfy(outcome -> assertThat(outcome.locked()).isTrue());
            work.gate().tryEmitEmpty();
            TransactionOutcome done = first.get(30, TimeUnit.SECONDS);
            assertThat(done.ok()).isTrue();
            assertThat(db.transaction(key, insert(db, orders)).block().idempotent()).isTrue();

            // a new transaction while Redis is down runs once too
            String other = freshCollection();
            String otherKey = "tx-" + UUID.randomUUID();
            TransactionOutcome alone = db.transaction(otherKey, insert(db, other)).block();
            assertThat(alone.ok()).isTrue();
            assertThat(alone.idempotent()).isFalse();
            assertThat(db.transaction(otherKey, insert(db, other)).block().idempotent()).isTrue();
            assertThat(messages(logged)).anyMatch(m -> m.startsWith("Redis is unavailable for transactions"));

            restarted = start(redisPort, redisDir);
            waitFor("Redis to answer again", () -> redis.hasKey("any").map(found -> true).onErrorReturn(false)
                    .block(Duration.ofSeconds(5)));
            TransactionOutcome afterRestart = db.transaction(key, insert(db, orders)).block();
            assertThat(afterRestart.idempotent()).isTrue();
            assertThat(afterRestart.result()).isEqualTo(done.result());
            assertThat(messages(logged)).anyMatch(m -> m.startsWith("Redis answers again; transactions"));
            assertThat(orders(orders)).isEqualTo(1);
            assertThat(orders(other)).isEqualTo(1);
        } finally {
            log.detachAppender(logged);
            if (restarted == null) {
                start(redisPort, redisDir);
            }
        }
    }

    private void wipeRedis(String key) {
        RedisWipe.wipe(redis, environment, TransactionNames.of(projectId(), "key:secret",
                new TransactionSpec(key, null, TransactionSpec.DEFAULT_LOCK_TTL_SECONDS, 3600, null)));
    }

    private static void shutDown(String url) {
        RedisClient client = RedisClient.create(url);
        try (var connection = client.connect()) {
            connection.sync().shutdown(false);
        } catch (RuntimeException expected) {
            // the server closes the connection instead of answering
        } finally {
            client.shutdown();
        }
    }

    /** A Redis process on the old port and data directory, as a restart after a crash would bring back. */
    private static RedisServer start(int port, Path dir) throws Exception {
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("appendonly yes")
                .setting("save \"\"")
                .build();
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the JVM is exiting
            }
        }));
        return server;
    }

    private static List<String> messages(ListAppender<ILoggingEvent> logged) {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
