package dev.vellum.fence;

import dev.vellum.error.VellumException;

/**
 * One {@code transaction()} call: the idempotency key, the optional lock resource (the key itself
 * is locked when there is none), how long the lock lives, how long the result is replayed, and
 * the fingerprint of what the key stands for (a reused key with another fingerprint is refused).
 */
public record TransactionSpec(String key, String lockResource, int lockTtlSeconds, int resultTtlSeconds,
                              String fingerprint) {

    public static final int DEFAULT_LOCK_TTL_SECONDS = 30;
    public static final int DEFAULT_RESULT_TTL_SECONDS = 86_400;
    static final int MAX_KEY_LENGTH = 255;
    public static final int MAX_LOCK_TTL_SECONDS = 3_600;
    public static final int MAX_RESULT_TTL_SECONDS = 30 * 86_400;

    /** VALIDATION_ERROR unless every part is in range. */
    public TransactionSpec {
        key = text("idempotency_key", key);
        if (lockResource != null) {
            lockResource = text("lock_resource", lockResource);
        }
        range("lock_ttl_seconds", lockTtlSeconds, MAX_LOCK_TTL_SECONDS);
        range("result_ttl_seconds", resultTtlSeconds, MAX_RESULT_TTL_SECONDS);
        fingerprint = fingerprint == null ? "" : fingerprint;
    }

    private static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            throw VellumException.validation(name + " must be a non-blank string");
        }
        if (value.length() > MAX_KEY_LENGTH) {
            throw VellumException.validation(name + " must be at most " + MAX_KEY_LENGTH + " characters");
        }
        return value;
    }

    private static void range(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw VellumException.validation(name + " must be between 1 and " + max);
        }
    }
}
