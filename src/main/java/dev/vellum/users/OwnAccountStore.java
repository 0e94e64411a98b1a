package dev.vellum.users;

import dev.vellum.auth.AuthInvalidations;
import dev.vellum.store.Statements;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The statements a signed-in user runs on its own {@code app_users} row. Each is one statement
 * guarded by the token's {@code token_version}, so a token revoked between the caller filter and
 * the write changes nothing (the caller sees an empty result).
 */
@Component
public class OwnAccountStore {

    private static final JsonMapper JSON = new JsonMapper();

    private final DatabaseClient db;
    private final AuthInvalidations invalidations;

    public OwnAccountStore(DatabaseClient db, AuthInvalidations invalidations) {
        this.db = db;
        this.invalidations = invalidations;
    }

    /**
     * Sets email and password hash when given (null keeps them), merges {@code data} into the
     * stored data (top-level keys replace), and bumps {@code token_version} with a new password.
     */
    public Mono<AppUser> update(long projectId, String id, long tokenVersion, String email, String passwordHash,
                                ObjectNode data) {
        return Statements.prepare(db, AppUserSql.updateOwn(projectId, id, tokenVersion, email, passwordHash,
                        JSON.writeValueAsString(data)))
                .map(AppUserStore::user)
                .one()
                // this instance forgets the old version at once; the others hear it at commit
                .doOnNext(user -> {
                    if (passwordHash != null) {
                        invalidations.forgetUser(projectId, id);
                    }
                });
    }

    /** Deletes the row; false when it was already gone or the token was revoked. */
    public Mono<Boolean> delete(long projectId, String id, long tokenVersion) {
        return Statements.prepare(db, AppUserSql.deleteOwn(projectId, id, tokenVersion))
                .fetch()
                .rowsUpdated()
                .map(count -> count > 0)
                .doOnNext(deleted -> invalidations.forgetUser(projectId, id));
    }
}
