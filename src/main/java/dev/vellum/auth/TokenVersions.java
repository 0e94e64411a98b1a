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
 * One primary-key probe per request and deliberately no cache, so a revoked token stops working
 * at once on every instance.
 */
@Component
public class TokenVersions {

    private final DatabaseClient db;

    public TokenVersions(DatabaseClient db) {
        this.db = db;
    }

    /** Completes empty when the token is current, fails with AUTHENTICATION_FAILED otherwise. */
    public Mono<Void> requireCurrent(TokenClaims claims) {
        return Statements.prepare(db, AuthSql.tokenVersion(claims.projectId(), claims.userId()))
                .map(row -> row.get("token_version", Long.class))
                .one()
                .filter(version -> version == claims.tokenVersion())
                .switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.AUTHENTICATION_FAILED,
                        "invalid or expired token")))
                .then();
    }
}
