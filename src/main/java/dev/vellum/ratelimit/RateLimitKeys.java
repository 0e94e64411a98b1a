package dev.vellum.ratelimit;

import dev.vellum.redis.RedisScripts;

/**
 * Redis keys of the token buckets: {@code vellum:{p<project>}:rl:<kind>:<sha256 of the identity>}.
 * The hash tag is the project id, like the attempt counters' ({@code AttemptKeys}); identities
 * (API keys, user ids, client addresses) appear only hashed, so no client text reaches a key,
 * let alone its hash tag, and API keys are never stored.
 */
public final class RateLimitKeys {

    private RateLimitKeys() {
    }

    public static String bucket(long projectId, BucketKind kind, String identity) {
        return "vellum:{p" + projectId + "}:rl:" + kind.setting() + ":" + RedisScripts.sha256(identity);
    }
}
