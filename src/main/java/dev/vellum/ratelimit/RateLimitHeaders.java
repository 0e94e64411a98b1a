package dev.vellum.ratelimit;

import org.springframework.http.HttpHeaders;

/**
 * The rate-limit response headers of draft-ietf-httpapi-ratelimit-headers-06: {@code RateLimit-Limit}
 * (the bucket's capacity), {@code RateLimit-Remaining} (whole tokens left),
 * {@code RateLimit-Reset} (seconds until the bucket is full again) and {@code RateLimit-Policy}
 * ({@code <capacity>;w=<seconds an empty bucket takes to fill>}).
 */
public final class RateLimitHeaders {

    public static final String LIMIT = "RateLimit-Limit";
    public static final String REMAINING = "RateLimit-Remaining";
    public static final String RESET = "RateLimit-Reset";
    public static final String POLICY = "RateLimit-Policy";

    private RateLimitHeaders() {
    }

    public static void write(HttpHeaders headers, BucketLimit limit, BucketState state) {
        headers.set(LIMIT, String.valueOf(limit.capacity()));
        headers.set(REMAINING, String.valueOf(Math.max(0, state.remaining())));
        headers.set(RESET, String.valueOf(state.resetSeconds()));
        headers.set(POLICY, policy(limit));
    }

    static String policy(BucketLimit limit) {
        return limit.capacity() + ";w=" + limit.windowSeconds();
    }
}
