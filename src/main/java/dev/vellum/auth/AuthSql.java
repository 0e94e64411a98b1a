package dev.vellum.auth;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/** The statements of authentication: API keys by digest, their registration, and a user's token version. */
final class AuthSql {

    private AuthSql() {
    }

    /** The project and kind a key grants, by its SHA-256 digest (the primary key). */
    static Sql keyGrant(byte[] digest) {
        return new SqlBuilder().sql("select project_id, kind from api_keys where key_hash = ").param(digest).build();
    }

    /** Registers a key; one already registered stays as it is. */
    static Sql insertKey(byte[] digest, long projectId, String kind) {
        return new SqlBuilder().sql("insert into api_keys (key_hash, project_id, kind) values (").param(digest)
                .sql(", ").param(projectId).sql(", ").param(kind).sql(") on conflict (key_hash) do nothing").build();
    }

    /** Deletes the project's other keys of this kind, so a configured key replaces them. */
    static Sql revokeOtherKeys(long projectId, String kind, byte[] keptDigest) {
        return new SqlBuilder().sql("delete from api_keys where project_id = ").param(projectId).sql(" and kind = ")
                .param(kind).sql(" and key_hash <> ").param(keptDigest).build();
    }

    /** The user's current token version (no row once the user is gone). */
    static Sql tokenVersion(long projectId, String userId) {
        return new SqlBuilder().sql("select token_version from app_users where project_id = ").param(projectId)
                .sql(" and id = ").param(userId).build();
    }

    /** Stores a server secret unless one of that name exists (the first instance's stays). */
    static Sql insertServerSecret(String name, byte[] secret) {
        return new SqlBuilder().sql("insert into server_secrets (name, secret) values (").param(name).sql(", ")
                .param(secret).sql(") on conflict (name) do nothing").build();
    }

    static Sql serverSecret(String name) {
        return new SqlBuilder().sql("select secret from server_secrets where name = ").param(name).build();
    }
}
