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
        @DefaultValue Idempotency idempotency,
        @DefaultValue("1MB") DataSize maxBodySize) {

    /** External PostgreSQL; empty url means embedded. */
    public record Postgres(String url, @DefaultValue("postgres") String username, String password) {
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
     * Redis per project; failed logins per email and per client address, signups per address).
     * {@code trustForwardedFor} takes the client address from the first {@code X-Forwarded-For}
     * entry: turn it on only behind a proxy that sets that header.
     */
    public record Auth(@DefaultValue("24h") Duration tokenTtl, @DefaultValue("10") int bcryptStrength,
                       @DefaultValue("4") int hashingThreads,
                       @DefaultValue("10") int loginFailuresPerEmail,
                       @DefaultValue("100") int loginFailuresPerAddress,
                       @DefaultValue("15m") Duration loginWindow,
                       @DefaultValue("20") int signupsPerAddress,
                       @DefaultValue("1h") Duration signupWindow,
                       @DefaultValue("false") boolean trustForwardedFor) {
    }

    /** Datastore limits and the purge of deleted documents. */
    public record Datastore(@DefaultValue("24h") Duration deletedRetention,
                            @DefaultValue("10m") Duration purgeInterval,
                            @DefaultValue("100") int defaultLimit,
                            @DefaultValue("1000") int maxLimit) {
    }

    /** How long the first response to a request with an {@code Idempotency-Key} is replayed. */
    public record Idempotency(@DefaultValue("24h") Duration ttl) {
    }
}
