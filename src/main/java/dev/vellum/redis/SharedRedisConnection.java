package dev.vellum.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Opens the Lettuce connection that Vellum's scripts run on, and says whether it is open: one
 * connection of the client Spring Boot configured (its URL, options and resources), used through
 * Lettuce's own asynchronous API, without Spring Data Redis's per-call connection wrapper and
 * serializers on the hot path. Opening it blocks — on a request's event-loop thread that would stall
 * every request with Redis down at startup. So it is opened here at startup and, if Redis is
 * unreachable then, retried on a thread of its own until it opens. Until then callers skip Redis
 * ({@link #isOpen()} is false). Once open, Lettuce reconnects by itself.
 */
@Component
public class SharedRedisConnection implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SharedRedisConnection.class);

    private final LettuceConnectionFactory connections;
    private final ScheduledExecutorService retries;
    private volatile StatefulRedisConnection<String, String> connection;

    @Autowired
    public SharedRedisConnection(LettuceConnectionFactory connections) {
        this(connections, Duration.ofSeconds(5));
    }

    public SharedRedisConnection(LettuceConnectionFactory connections, Duration retryEvery) {
        this.connections = connections;
        this.retries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "redis-connect");
            thread.setDaemon(true);
            return thread;
        });
        if (!tryOpen()) {
            log.warn("Redis is not reachable at startup; rate and attempt limits are off and transactions "
                    + "lock through Postgres alone until it is, retrying every {}", retryEvery);
            long millis = retryEvery.toMillis();
            retries.scheduleWithFixedDelay(this::retry, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    public boolean isOpen() {
        return connection != null;
    }

    /** The commands of the open connection; call only when {@link #isOpen()}. */
    RedisAsyncCommands<String, String> commands() {
        return connection.async();
    }

    private void retry() {
        if (tryOpen()) {
            log.info("Redis is reachable: connection open");
            retries.shutdown();
        }
    }

    private boolean tryOpen() {
        try {
            if (!connections.isRunning()) {
                connections.start();
            }
            connection = ((RedisClient) connections.getRequiredNativeClient()).connect(StringCodec.UTF8);
        } catch (RuntimeException e) {
            log.debug("Redis connection failed: {}", e.toString());
        }
        return isOpen();
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
    }
}
