package dev.vellum.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Bounds Redis calls of one feature in time and logs once when Redis stops answering and once
 * when it answers again, instead of once per request.
 */
public final class RedisOutage {

    private static final Logger log = LoggerFactory.getLogger(RedisOutage.class);

    private final String feature;
    private final String fallback;
    private final Duration timeout;
    private final AtomicBoolean down = new AtomicBoolean();

    /** {@code fallback} says what the feature does meanwhile, for the log. */
    public RedisOutage(String feature, String fallback, Duration timeout) {
        this.feature = feature;
        this.fallback = fallback;
        this.timeout = timeout;
    }

    /** The call with a time limit; its failures are logged (on the first one) and passed on. */
    public <T> Mono<T> guard(Mono<T> call) {
        return call.timeout(timeout)
                .doOnSuccess(ignored -> {
                    if (down.compareAndSet(true, false)) {
                        log.info("Redis answers again; {} use it again", feature);
                    }
                })
                .doOnError(e -> {
                    if (down.compareAndSet(false, true)) {
                        log.warn("Redis is unavailable for {} ({}); {}", feature, e.toString(), fallback);
                    }
                });
    }

    public boolean isDown() {
        return down.get();
    }
}
