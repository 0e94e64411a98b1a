package dev.vellum.web;

import org.springframework.http.HttpMethod;

/**
 * The one list of which paths the guards act on: rate limited, taking an Idempotency-Key, or
 * needing a secret key. Paths here are canonical ({@link CanonicalPaths} runs first), so plain
 * text comparison sees the path the router sees.
 */
public final class GuardedPaths {

    /** Every API route lives under this prefix. */
    public static final String API = "/v1/";

    /** Exactly-once transactions: they carry their own idempotency key. */
    public static final String TRANSACTIONS = "/v1/transactions";

    private static final String MANAGEMENT = "/actuator";
    private static final String HEALTH = "/actuator/health";

    private GuardedPaths() {
    }

    /** Requests the per-caller rate limits count. */
    public static boolean rateLimited(String path) {
        return path.startsWith(API);
    }

    /**
     * Rate-limited requests whose route waits for the rate limit itself, sending its own first
     * Redis script meanwhile ({@code PendingAdmission}): transactions.
     */
    public static boolean pipelinesRateLimit(HttpMethod method, String path) {
        return HttpMethod.POST.equals(method) && path.equals(TRANSACTIONS);
    }

    /** Requests whose Idempotency-Key the idempotency filter records and replays. */
    public static boolean takesIdempotencyKey(String path) {
        return path.startsWith(API) && !path.equals(TRANSACTIONS);
    }

    /** Management endpoints other than health: they reveal how the service runs. */
    public static boolean needsSecretKey(String path) {
        boolean health = path.equals(HEALTH) || path.startsWith(HEALTH + "/");
        return path.startsWith(MANAGEMENT) && !health;
    }
}
