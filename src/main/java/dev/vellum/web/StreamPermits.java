package dev.vellum.web;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many NDJSON streams are open on this instance and per caller. Each open stream holds a
 * pool connection, so both counts stay below what would starve ordinary requests.
 */
final class StreamPermits {

    /** What a refused stream tells the client to wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final int perOwner;
    private final int perInstance;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Integer> byOwner = new ConcurrentHashMap<>();

    StreamPermits(int perOwner, int perInstance) {
        this.perOwner = perOwner;
        this.perInstance = perInstance;
    }

    /** One stream's place; closing it twice gives it back once. */
    final class Permit implements AutoCloseable {

        private final String owner;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Permit(String owner) {
            this.owner = owner;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                byOwner.computeIfPresent(owner, (key, count) -> count <= 1 ? null : count - 1);
                open.decrementAndGet();
            }
        }
    }

    /** A place for one more stream of {@code owner}, or a 429 (the caller's own limit) / 503 (the instance's). */
    Permit take(String owner) {
        if (open.incrementAndGet() > perInstance) {
            open.decrementAndGet();
            throw new VellumException(ErrorCode.SERVICE_UNAVAILABLE, "too many streams are open on this server, retry later",
                    Map.of("limit", perInstance, "retry_after", RETRY_AFTER_SECONDS));
        }
        boolean[] refused = {false};
        byOwner.compute(owner, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perOwner) {
                refused[0] = true;
                return count;
            }
            return now + 1;
        });
        if (refused[0]) {
            open.decrementAndGet();
            throw new VellumException(ErrorCode.TOO_MANY_STREAMS,
                    "too many streams open at once for this caller; finish one first",
                    Map.of("limit", perOwner, "retry_after", RETRY_AFTER_SECONDS));
        }
        return new Permit(owner);
    }

    /** Streams open now on this instance. */
    int open() {
        return open.get();
    }
}
