package dev.vellum.web;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Ends a stream that makes no progress for {@code stall} (a client that stopped reading holds
 * back the database cursor, so no line is produced) or runs longer than {@code max}. The error
 * cancels the query, which gives the connection back; after the first line the response is
 * aborted, so the client sees a truncated body, never a short list that looks complete.
 */
final class StreamDeadline {

    private final Duration stall;
    private final Duration max;

    StreamDeadline(Duration stall, Duration max) {
        this.stall = stall;
        this.max = max;
    }

    <T> Flux<T> bound(Flux<T> lines) {
        return Flux.defer(() -> {
            long end = now() + max.toNanos();
            return lines.timeout(next(end), line -> next(end));
        });
    }

    /** The timers' own clock (virtual in tests). */
    private static long now() {
        return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
    }

    private Mono<Object> next(long end) {
        long left = end - now();
        if (left <= stall.toNanos()) {
            return Mono.delay(Duration.ofNanos(Math.max(0, left))).then(Mono.error(() -> new VellumException(
                    ErrorCode.QUERY_TIMEOUT, "the stream ran longer than " + max + " and was ended")));
        }
        return Mono.delay(stall).then(Mono.error(() -> new VellumException(
                ErrorCode.QUERY_TIMEOUT, "the stream made no progress for " + stall + " and was ended")));
    }
}
