package dev.vellum.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Opens Spring Data Redis's shared Lettuce connection, and says whether it is open. Opening it
 * blocks, and the factory does so on first use, on whatever thread asks — with Redis down at
 * startup that would be every request's event-loop thread. So it is opened here at startup and,
 * if Redis is unreachable then, retried on a thread of its own until it opens. Until then callers
 * skip Redis ({@link #isOpen()} is false). Once open, Lettuce reconnects by itself.
 */
@Component
public class SharedRedisConnection implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SharedRedisConnection.class);

    private final ReactiveRedisConnectionFactory connections;
    private final ScheduledExecutorService retries;
    private volatile boolean open;

    @Autowired
    public SharedRedisConnection(ReactiveRedisConnectionFactory connections) {
        this(connections, Duration.ofSeconds(5));
    }

    public SharedRedisConnection(ReactiveRedisConnectionFactory connections, Duration retryEvery) {
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
        return open;
    }

    private void retry() {
        if (tryOpen()) {
            log.info("Redis is reachable: connection open");
            retries.shutdown();
        }
    }

    private boolean tryOpen() {
        try {
            connections.getReactiveConnection().close();
            open = true;
        } catch (RuntimeException e) {
            log.debug("Redis connection failed: {}", e.toString());
        }
        return open;
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }
}
