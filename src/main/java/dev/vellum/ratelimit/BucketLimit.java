package dev.vellum.ratelimit;

import java.util.Optional;

/**
 * The limit of one token bucket: at most {@code capacity} requests in a burst, refilled at
 * {@code refillPerSecond} tokens a second (fractions allowed: 0.5 is one request every 2 s).
 */
public record BucketLimit(long capacity, double refillPerSecond) {

    static final long MAX_CAPACITY = 1_000_000_000L;
    static final double MIN_REFILL = 0.001;
    static final double MAX_REFILL = 1_000_000_000d;

    public BucketLimit {
        String problem = problem(capacity, refillPerSecond);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The limit, or why these values cannot be one. */
    static Optional<String> check(long capacity, double refillPerSecond) {
        return Optional.ofNullable(problem(capacity, refillPerSecond));
    }

    private static String problem(long capacity, double refillPerSecond) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            return "capacity must be between 1 and " + MAX_CAPACITY + ", got " + capacity;
        }
        // the bounds keep the script's millisecond arithmetic exact and its expiry in range
        if (!(refillPerSecond >= MIN_REFILL && refillPerSecond <= MAX_REFILL)) {
            return "refill_per_second must be between " + MIN_REFILL + " and " + MAX_REFILL + ", got " + refillPerSecond;
        }
        return null;
    }

    /** Seconds an empty bucket takes to fill, rounded up: the window of {@code RateLimit-Policy}. */
    public long windowSeconds() {
        return Math.max(1, (long) Math.ceil(capacity / refillPerSecond));
    }
}
