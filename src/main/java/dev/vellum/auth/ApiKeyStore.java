package dev.vellum.auth;

import dev.vellum.store.Statements;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Resolves an API key to its project and kind. Lookups are cached briefly so a busy client does
 * not cost a query per request; a deleted key stops working within {@link #TTL}.
 */
@Component
public class ApiKeyStore {

    static final Duration TTL = Duration.ofSeconds(30);

    /** What a key grants. */
    public record KeyGrant(long projectId, Caller.KeyKind kind) {
    }

    private record Cached(KeyGrant grant, long expiresAt) {
    }

    private final DatabaseClient db;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeyStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<KeyGrant> find(String rawKey) {
        byte[] digest = ApiKeys.digest(rawKey);
        String cacheKey = HexFormat.of().formatHex(digest);
        Cached cached = cache.get(cacheKey);
        long now = System.nanoTime();
        if (cached != null && cached.expiresAt - now > 0) {
            return Mono.just(cached.grant);
        }
        return Statements.prepare(db, AuthSql.keyGrant(digest))
                .map((row, meta) -> new KeyGrant(row.get("project_id", Long.class),
                        Caller.KeyKind.valueOf(row.get("kind", String.class).toUpperCase())))
                .one()
                .doOnNext(grant -> {
                    if (cache.size() > 10_000) {
                        cache.clear();
                    }
                    cache.put(cacheKey, new Cached(grant, now + TTL.toNanos()));
                });
    }
}
