package dev.vellum.web;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;

/**
 * How many long-lived responses of one kind are open on this instance and per caller: NDJSON
 * streams (each holds a pool connection, so both counts stay below what would starve ordinary
 * requests) and change feeds (each holds a buffer and queries on every wake-up), each kind with
 * its own counts.
 */
public final class StreamPermits {

    /** What a refused stream tells the client to wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final int perOwner;
    private final int perInstance;
    private final String what;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Integer> byOwner = new ConcurrentHashMap<>();

    /** {@code what} names the kind in refusals ("streams", "change feeds"). */
    public StreamPermits(int perOwner, int perInstance, String what) {
        this.perOwner = perOwner;
        this.perInstance = perInstance;
        this.what = what;
    }

    /**
     * {@code stream} holding a place of {@code owner} from subscription until it ends for any
     * reason (completion, error, cancellation); refused (an error before anything is emitted)
     * as {@link #take} says.
     */
    public <T> Flux<T> hold(String owner, Flux<T> stream) {
        return Flux.using(() -> take(owner), permit -> stream, Permit::close);
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
            throw new VellumException(ErrorCode.SERVICE_UNAVAILABLE, "too many " + what + " are open on this server, retry later",
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
                    "too many " + what + " open at once for this caller; finish one first",
                    Map.of("limit", perOwner, "retry_after", RETRY_AFTER_SECONDS));
        }
        return new Permit(owner);
    }

    /** How many are open now on this instance. */
    public int open() {
        return open.get();
    }
}
