package dev.vellum.users;

import io.r2dbc.postgresql.codec.Json;
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

    private static final String COLUMNS =
            "project_id, id, email, roles, data, created_at, updated_at, version, token_version";
    private static final JsonMapper JSON = new JsonMapper();

    private final DatabaseClient db;

    public OwnAccountStore(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Sets email and password hash when given (null keeps them), merges {@code data} into the
     * stored data (top-level keys replace), and bumps {@code token_version} with a new password.
     */
    public Mono<AppUser> update(long projectId, String id, long tokenVersion, String email, String passwordHash,
                                ObjectNode data) {
        var spec = db.sql("update app_users set"
                        + " email = coalesce($3, email),"
                        + " password_hash = coalesce($4, password_hash),"
                        + " token_version = token_version + (case when $4::text is null then 0 else 1 end),"
                        + " data = data || $5::jsonb,"
                        + " version = version + 1,"
                        + " updated_at = date_trunc('milliseconds', now())"
                        + " where project_id = $1 and id = $2 and token_version = $6"
                        + " returning " + COLUMNS)
                .bind(0, projectId)
                .bind(1, id);
        spec = email == null ? spec.bindNull(2, String.class) : spec.bind(2, email);
        spec = passwordHash == null ? spec.bindNull(3, String.class) : spec.bind(3, passwordHash);
        return spec.bind(4, Json.of(JSON.writeValueAsString(data)))
                .bind(5, tokenVersion)
                .map(AppUserStore::user)
                .one();
    }

    /** Deletes the row; false when it was already gone or the token was revoked. */
    public Mono<Boolean> delete(long projectId, String id, long tokenVersion) {
        return db.sql("delete from app_users where project_id = $1 and id = $2 and token_version = $3")
                .bind(0, projectId)
                .bind(1, id)
                .bind(2, tokenVersion)
                .fetch()
                .rowsUpdated()
                .map(count -> count > 0);
    }
}
