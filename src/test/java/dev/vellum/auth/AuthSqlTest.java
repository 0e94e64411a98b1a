package dev.vellum.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.Sql;
import org.junit.jupiter.api.Test;

/** The authentication statements, on exact SQL text and parameters, without a database. */
class AuthSqlTest {

    private static final byte[] DIGEST = {1, 2, 3};

    @Test
    void a_key_grant_is_found_by_its_digest() {
        Sql sql = AuthSql.keyGrant(DIGEST);
        assertThat(sql.text()).isEqualTo("select project_id, kind from api_keys where key_hash = $1");
        assertThat(sql.params()).containsExactly(DIGEST);
    }

    @Test
    void registering_a_key_keeps_one_already_there() {
        Sql sql = AuthSql.insertKey(DIGEST, 7L, "secret");
        assertThat(sql.text()).isEqualTo("insert into api_keys (key_hash, project_id, kind) values ($1, $2, $3)"
                + " on conflict (key_hash) do nothing");
        assertThat(sql.params()).containsExactly(DIGEST, 7L, "secret");
    }

    @Test
    void a_configured_key_revokes_the_other_keys_of_its_kind() {
        Sql sql = AuthSql.revokeOtherKeys(7L, "public", DIGEST);
        assertThat(sql.text()).isEqualTo("delete from api_keys where project_id = $1 and kind = $2 and key_hash <> $3");
        assertThat(sql.params()).containsExactly(7L, "public", DIGEST);
    }

    @Test
    void the_token_version_is_read_by_primary_key() {
        Sql sql = AuthSql.tokenVersion(7L, "u1");
        assertThat(sql.text()).isEqualTo("select token_version from app_users where project_id = $1 and id = $2");
        assertThat(sql.params()).containsExactly(7L, "u1");
    }
}
