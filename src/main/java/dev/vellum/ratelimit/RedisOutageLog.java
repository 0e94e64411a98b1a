package dev.vellum.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log that rate limits are off because Redis fails — at the first failure, then at
 * most every {@link #REPEAT} while it lasts (not once per request) — and says when they are on
 * again.
 */
final class RedisOutageLog {

    static final Duration REPEAT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(RedisOutageLog.class);

    private final LongSupplier nanoClock;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong lastWarning = new AtomicLong();
    private final AtomicLong unlimited = new AtomicLong();

    RedisOutageLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** A request served without a limit because Redis did not answer. */
    void failed(String cause) {
        long now = nanoClock.getAsLong();
        if (down.compareAndSet(false, true)) {
            lastWarning.set(now);
            unlimited.set(0);
            log.warn("rate limits are off, requests are served without them until Redis answers again: {}", cause);
            return;
        }
        unlimited.incrementAndGet();
        long last = lastWarning.get();
        if (now - last >= REPEAT.toNanos() && lastWarning.compareAndSet(last, now)) {
            log.warn("rate limits are still off ({} more requests served without them): {}", unlimited.getAndSet(0), cause);
        }
    }

    /** Redis answered. */
    void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) {
            log.info("rate limits are on again: Redis answers");
        }
    }
}
