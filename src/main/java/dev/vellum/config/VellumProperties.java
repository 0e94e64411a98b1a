package dev.vellum.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Every {@code vellum.*} setting; defaults here are the ones the README documents. */
@ConfigurationProperties("vellum")
public record VellumProperties(
        @DefaultValue Postgres postgres,
        @DefaultValue Redis redis,
        @DefaultValue Embedded embedded,
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue Auth auth,
        @DefaultValue Datastore datastore,
        @DefaultValue RateLimits rateLimits,
        @DefaultValue Idempotency idempotency,
        @DefaultValue Streams streams,
        @DefaultValue Server server,
        @DefaultValue References references,
        @DefaultValue("1MB") DataSize maxBodySize) {

    /**
     * External PostgreSQL; empty url means embedded. {@code idleInTransactionTimeout} is
     * PostgreSQL's {@code idle_in_transaction_session_timeout} for Vellum's sessions: the last line
     * of defence that ends a transaction nobody finishes. {@code statementTimeout} is the
     * session's {@code statement_timeout} (every statement; a stream's each chunk), and
     * {@code acquireTimeout} how long a request waits for a pool connection before a 503.
     */
    public record Postgres(String url, @DefaultValue("postgres") String username, String password,
                           @DefaultValue("60s") Duration idleInTransactionTimeout,
                           @DefaultValue("30s") Duration statementTimeout,
                           @DefaultValue("10s") Duration acquireTimeout) {
    }

    /** External Redis; empty url means embedded. */
    public record Redis(String url) {
    }

    /** Where the embedded PostgreSQL and Redis keep their data. */
    public record Embedded(@DefaultValue("./data") String dataDir, @DefaultValue("false") boolean reset) {
    }

    /** Keys for the {@code default} project created on first start (generated when empty). */
    public record Bootstrap(String publicKey, String secretKey) {
    }

    /**
     * App-user tokens and passwords, and the limits on signup and login attempts (counted in
     * Redis per project; failed logins per (email, client address), per email with a higher
     * ceiling, and per address; signups per address).
     * {@code trustedProxyHops} is how many proxies in front of Vellum append to
     * {@code X-Forwarded-For}: the client address is that many entries from the right (0: the
     * connection's address, the header is ignored). {@code fingerprintSecret} (base64) keys the
     * HMAC fingerprints of request bodies; generated and stored in the database when empty.
     * Token versions and API keys (known and unknown) are cached per instance, {@code cacheSize}
     * entries each for at most {@code cacheTtl}, invalidated by PostgreSQL notifications and used
     * only while this instance hears its own {@code cacheHeartbeat}. Failed authentications (an
     * unknown key, a bad or revoked token) are limited to {@code failuresPerAddress} per client
     * address in {@code failureWindow}.
     */
    public record Auth(@DefaultValue("24h") Duration tokenTtl, @DefaultValue("10") int bcryptStrength,
                       @DefaultValue("4") int hashingThreads,
                       @DefaultValue("10") int loginFailuresPerEmailAndAddress,
                       @DefaultValue("100") int loginFailuresPerEmail,
                       @DefaultValue("100") int loginFailuresPerAddress,
                       @DefaultValue("15m") Duration loginWindow,
                       @DefaultValue("20") int signupsPerAddress,
                       @DefaultValue("1h") Duration signupWindow,
                       @DefaultValue("0") int trustedProxyHops,
                       String fingerprintSecret,
                       @DefaultValue("50000") int cacheSize,
                       @DefaultValue("5m") Duration cacheTtl,
                       @DefaultValue("1s") Duration cacheHeartbeat,
                       @DefaultValue("100") int failuresPerAddress,
                       @DefaultValue("5m") Duration failureWindow) {
    }

    /**
     * Datastore limits and the purge of deleted documents. A page takes the planner's estimate of
     * its matches and counts them exactly (capped) only when the planner expects at most
     * {@code exactCountThreshold}, unless asked for exact; the same query's estimate is reused for
     * {@code countEstimateTtl} (0: asked every time).
     */
    public record Datastore(@DefaultValue("24h") Duration deletedRetention,
                            @DefaultValue("10m") Duration purgeInterval,
                            @DefaultValue("100") int defaultLimit,
                            @DefaultValue("1000") int maxLimit,
                            @DefaultValue("1000") long exactCountThreshold,
                            @DefaultValue("60s") Duration countEstimateTtl) {
    }

    /**
     * Token buckets per caller: a secret key without a user, a signed-in user (with any key), and a
     * public key without a user (signup, login) per client address. {@code capacity} is the burst,
     * {@code refillPerSecond} the sustained rate. A project may override them in
     * {@code projects.settings.rate_limits}, which is read again after {@code settingsCache}.
     */
    public record RateLimits(@DefaultValue("true") boolean enabled, Bucket secretKey, Bucket user,
                             Bucket anonymous, @DefaultValue("10s") Duration settingsCache) {

        public RateLimits {
            secretKey = Bucket.orElse(secretKey, 5000, 2000);
            user = Bucket.orElse(user, 600, 100);
            anonymous = Bucket.orElse(anonymous, 300, 30);
        }

        /** One bucket's settings; a value left out takes that bucket's default. */
        public record Bucket(Long capacity, Double refillPerSecond) {

            static Bucket orElse(Bucket given, long capacity, double refillPerSecond) {
                return new Bucket(given == null || given.capacity == null ? capacity : given.capacity,
                        given == null || given.refillPerSecond == null ? refillPerSecond : given.refillPerSecond);
            }
        }
    }

    /**
     * NDJSON streams: at most {@code perUser} open at once per caller and {@code perInstance} on
     * this instance (each holds a pool connection); a stream whose client takes no line for
     * {@code stallTimeout} is ended, and none runs longer than {@code maxDuration}.
     */
    public record Streams(@DefaultValue("4") int perUser, @DefaultValue("16") int perInstance,
                          @DefaultValue("30s") Duration stallTimeout, @DefaultValue("30m") Duration maxDuration) {
    }

    /**
     * HTTP connections: one that receives nothing for {@code readIdleTimeout} while the server is
     * not writing, or cannot be written to for {@code writeIdleTimeout}, is closed.
     */
    public record Server(@DefaultValue("60s") Duration readIdleTimeout, @DefaultValue("60s") Duration writeIdleTimeout) {
    }

    /**
     * Reference resolution ({@code lookup}, {@code populate}): one answer may carry at most
     * {@code maxResolvedBytes} of referenced documents (each counted once per reference), and a
     * {@code fetch_all} resolves at most {@code fetchAllConcurrency} queries at once.
     */
    public record References(@DefaultValue("64MB") DataSize maxResolvedBytes,
                             @DefaultValue("4") int fetchAllConcurrency) {
    }

    /**
     * How long the first response to a request with an {@code Idempotency-Key} is replayed, and
     * the largest answer that is recorded for replay (an Idempotency-Key response body, a
     * transaction's result): a larger one is refused with its writes rolled back.
     */
    public record Idempotency(@DefaultValue("24h") Duration ttl, @DefaultValue("4MB") DataSize maxRecordSize) {
    }
}
