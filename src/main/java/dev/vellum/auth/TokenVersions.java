package dev.vellum.auth;

import dev.vellum.auth.TokenService.TokenClaims;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.store.Statements;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Enforces token revocation: a token is good only while its user exists and its {@code tv} claim
 * equals the user's {@code token_version} (bumped by a password change; gone with the user).
 * Versions are cached per user ({@link AuthInvalidations}): a bump or a deletion commits with a
 * notification that every instance hears, and without that guarantee the cache is not used.
 */
@Component
public class TokenVersions {

    private final DatabaseClient db;
    private final AuthInvalidations invalidations;

    public TokenVersions(DatabaseClient db, AuthInvalidations invalidations) {
        this.db = db;
        this.invalidations = invalidations;
    }

    /** Completes empty when the token is current, fails with AUTHENTICATION_FAILED otherwise. */
    public Mono<Void> requireCurrent(TokenClaims claims) {
        String key = AuthInvalidations.userKey(claims.projectId(), claims.userId());
        AuthCache<Long> cache = invalidations.tokenVersions();
        boolean live = invalidations.live();
        if (live) {
            Long cached = cache.get(key);
            // versions only grow: an older claim is revoked; a newer one (a token issued by another
            // instance whose bump this one has not heard yet) is asked of the database
            if (cached != null && cached == claims.tokenVersion()) {
                return Mono.empty();
            }
            if (cached != null && claims.tokenVersion() < cached) {
                return Mono.error(TokenVersions::revoked);
            }
        }
        long generation = cache.generation();
        return Statements.prepare(db, AuthSql.tokenVersion(claims.projectId(), claims.userId()))
                .map(row -> row.get("token_version", Long.class))
                .one()
                .doOnNext(version -> {
                    if (live) {
                        cache.put(generation, key, version);
                    }
                })
                .filter(version -> version == claims.tokenVersion())
                .switchIfEmpty(Mono.error(TokenVersions::revoked))
                .then();
    }

    private static VellumException revoked() {
        return new VellumException(ErrorCode.AUTHENTICATION_FAILED, "invalid or expired token");
    }
}
