package dev.vellum.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.pool.GuardedConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Integration tests of the resource bounds, in one application context of their own whose bounds
 * are small enough to reach: six pool connections, a 5 s acquire timeout, a 10 s statement
 * timeout, two streams per caller and three per instance (change feeds the same, counted apart), an 8 s stall timeout (a stalled stream
 * stays open long enough to count it), 12 s idle connections and 200 KB of resolved references. Same embedded PostgreSQL and Redis as the rest.
 * Tests never assert how fast something happened, only that it happened within a generous bound.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.r2dbc.pool.initial-size=1",
    "spring.r2dbc.pool.max-size=" + BoundedIntegrationTest.POOL_SIZE,
    "vellum.postgres.acquire-timeout=5s",
    "vellum.postgres.statement-timeout=10s",
    "vellum.streams.per-user=2",
    "vellum.streams.per-instance=3",
    "vellum.streams.stall-timeout=8s",
    "vellum.streams.max-duration=60s",
    "vellum.changes.feeds-per-user=2",
    "vellum.changes.feeds-per-instance=3",
    "vellum.server.read-idle-timeout=12s",
    "vellum.server.write-idle-timeout=12s",
    "vellum.references.max-resolved-bytes=200KB",
    "vellum.references.fetch-all-concurrency=2"})
public abstract class BoundedIntegrationTest extends IntegrationTest {

    public static final int POOL_SIZE = 6;
    /** Long enough for anything this context bounds to have happened many times over. */
    public static final Duration GENEROUS = Duration.ofSeconds(60);

    @Autowired
    protected ConnectionFactory connectionFactory;
    @Autowired
    protected ApiKeyStore apiKeys;

    /**
     * The server closes connections idle for 12 s here; a client that keeps idle connections
     * longer may send a request on one just as the server closes it. Like any well-behaved
     * client, this one lets its idle connections go sooner than the server does.
     */
    @BeforeEach
    void idleConnectionsGoFirst() {
        ConnectionProvider connections = ConnectionProvider.builder("bounded-tests")
                .maxIdleTime(Duration.ofSeconds(2)).build();
        http = http.mutate().clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections))).build();
    }

    protected long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }

    /** The pool's counts now: connections lent out, and borrowers waiting for one. */
    protected PoolMetrics poolMetrics() {
        return ((GuardedConnectionPool) connectionFactory).unwrap().getMetrics().orElseThrow();
    }

    protected static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            pause(50);
        }
    }

    protected static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
