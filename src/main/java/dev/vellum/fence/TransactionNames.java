package dev.vellum.fence;

import dev.vellum.redis.RedisScripts;

/**
 * The Redis keys and Postgres advisory-lock names of one transaction. Client text never goes
 * into a Redis key as such: it is hashed, so braces in it cannot move the hash tag, and the
 * result entry and its lock (the key's own, or the resource's) share one tag (one Redis Cluster
 * slot), so one script can touch both.
 */
public record TransactionNames(String resultKey, String lockKey, String keyLock, String resourceLock) {

    public static TransactionNames of(long projectId, String scope, TransactionSpec spec) {
        String keyTag = RedisScripts.sha256(projectId + "\n" + scope + "\nkey\n" + spec.key());
        String resourceTag = spec.lockResource() == null
                ? null : RedisScripts.sha256(projectId + "\n" + scope + "\nresource\n" + spec.lockResource());
        String lockKey = resourceTag == null ? "vellum:{tx:" + keyTag + "}:lock" : "vellum:{txlock:" + resourceTag + "}";
        // the result entry shares its lock's tag, so one script reads the one and takes the other
        String resultKey = resourceTag == null ? "vellum:{tx:" + keyTag + "}:result"
                : "vellum:{txlock:" + resourceTag + "}:result:" + keyTag;
        return new TransactionNames(resultKey, lockKey,
                "vellum-tx-key:" + keyTag, resourceTag == null ? null : "vellum-tx-resource:" + resourceTag);
    }
}
