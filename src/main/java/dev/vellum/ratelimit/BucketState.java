package dev.vellum.ratelimit;

/**
 * A bucket after one request drew from it (its share of a {@code lua/token_bucket.lua} answer,
 * see {@link BucketQueues}): whether the request got a token, the whole tokens left, and the
 * milliseconds until the next token and until the bucket is full.
 */
public record BucketState(boolean allowed, long remaining, long nextTokenMillis, long fullMillis) {

    /** Seconds to wait before retrying, rounded up and at least 1 (for {@code Retry-After}). */
    public long retryAfterSeconds() {
        return Math.max(1, ceilSeconds(nextTokenMillis));
    }

    /** Seconds until the bucket is full again, rounded up (for {@code RateLimit-Reset}). */
    public long resetSeconds() {
        return ceilSeconds(fullMillis);
    }

    private static long ceilSeconds(long millis) {
        return (Math.max(0, millis) + 999) / 1000;
    }
}
