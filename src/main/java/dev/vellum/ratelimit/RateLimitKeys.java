package dev.vellum.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
        return "vellum:{p" + projectId + "}:rl:" + kind.setting() + ":" + sha256(identity);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
