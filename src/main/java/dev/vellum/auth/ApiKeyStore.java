package dev.vellum.auth;

import dev.vellum.store.Statements;
import java.util.HexFormat;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Resolves an API key to its project and kind. Known keys and unknown ones (a negative cache, so
 * a stream of invented keys never reaches the database twice) are cached per instance and
 * forgotten on every instance when a key is added, changed or deleted ({@link AuthInvalidations});
 * while that is not guaranteed, every lookup reads the database.
 */
@Component
public class ApiKeyStore {

    /** What a key grants. */
    public record KeyGrant(long projectId, Caller.KeyKind kind) {
    }

    private final DatabaseClient db;
    private final AuthInvalidations invalidations;

    public ApiKeyStore(DatabaseClient db, AuthInvalidations invalidations) {
        this.db = db;
        this.invalidations = invalidations;
    }

    /** The key's grant, or empty for a key that does not exist. */
    public Mono<KeyGrant> find(String rawKey) {
        byte[] digest = ApiKeys.digest(rawKey);
        String cacheKey = HexFormat.of().formatHex(digest);
        AuthCache<KeyGrant> grants = invalidations.keyGrants();
        AuthCache<Boolean> unknown = invalidations.unknownKeys();
        boolean live = invalidations.live();
        if (live) {
            KeyGrant cached = grants.get(cacheKey);
            if (cached != null) {
                return Mono.just(cached);
            }
            if (unknown.get(cacheKey) != null) {
                return Mono.empty();
            }
        }
        long grantsSeen = grants.generation();
        long unknownSeen = unknown.generation();
        return Statements.prepare(db, AuthSql.keyGrant(digest))
                .map((row, meta) -> new KeyGrant(row.get("project_id", Long.class),
                        Caller.KeyKind.valueOf(row.get("kind", String.class).toUpperCase())))
                .one()
                .doOnNext(grant -> {
                    if (live) {
                        grants.put(grantsSeen, cacheKey, grant);
                    }
                })
                .switchIfEmpty(Mono.fromRunnable(() -> {
                    if (live) {
                        unknown.put(unknownSeen, cacheKey, Boolean.TRUE);
                    }
                }));
    }
}
