package dev.vellum.ratelimit;

import dev.vellum.config.VellumProperties;

/** A project's three bucket limits: the configured defaults, or its own from settings. */
public record ProjectLimits(BucketLimit secretKey, BucketLimit user, BucketLimit anonymous) {

    public static ProjectLimits defaults(VellumProperties.RateLimits settings) {
        return new ProjectLimits(limit(settings.secretKey()), limit(settings.user()), limit(settings.anonymous()));
    }

    public BucketLimit of(BucketKind kind) {
        return switch (kind) {
            case SECRET_KEY -> secretKey;
            case USER -> user;
            case ANONYMOUS -> anonymous;
        };
    }

    ProjectLimits with(BucketKind kind, BucketLimit limit) {
        return switch (kind) {
            case SECRET_KEY -> new ProjectLimits(limit, user, anonymous);
            case USER -> new ProjectLimits(secretKey, limit, anonymous);
            case ANONYMOUS -> new ProjectLimits(secretKey, user, limit);
        };
    }

    private static BucketLimit limit(VellumProperties.RateLimits.Bucket bucket) {
        try {
            return new BucketLimit(bucket.capacity(), bucket.refillPerSecond());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vellum.rate-limits: " + e.getMessage(), e);
        }
    }
}
