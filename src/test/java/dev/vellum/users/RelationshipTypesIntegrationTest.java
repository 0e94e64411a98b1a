package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/**
 * Signed-in users use only the relationship types the project configured: another user's private
 * {@code <type>_ids} cannot be probed by a reverse lookup, and a bidirectional add cannot write an
 * invented field into another user's data. A secret key uses any type.
 */
class RelationshipTypesIntegrationTest extends RelationshipsTestBase {

    @Autowired
    private DatabaseClient db;

    @Test
    void a_signed_in_user_cannot_probe_another_users_private_ids_field() {
        User me = signup();
        signup("{\"blocked_ids\": [\"" + me.id() + "\"]}");

        JsonNode refused = asUser(me, GET, "/v1/users/me/relationships/blocked", null, 403);
        assertThat(errorCode(refused)).isEqualTo("FORBIDDEN");
        assertThat(refused.at("/error/details/field").stringValue()).isEqualTo("type");
    }

    @Test
    void a_signed_in_user_cannot_write_an_unconfigured_type_into_another_users_data() {
        User me = signup();
        User other = signup("{\"name\": \"Oz\"}");

        assertThat(errorCode(asUser(me, POST, "/v1/users/me/relationships/stalked", relate(other.id(), true), 403)))
                .isEqualTo("FORBIDDEN");
        assertThat(errorCode(asUser(me, DELETE, "/v1/users/me/relationships/stalked/" + other.id() + "?bidirectional=true",
                null, 403))).isEqualTo("FORBIDDEN");
        JsonNode stored = asSecret(GET, "/v1/users/" + other.id(), null, 200);
        assertThat(stored.get("data").toString()).isEqualTo("{\"name\":\"Oz\"}");
    }

    @Test
    void a_type_listed_in_relationship_types_works_for_signed_in_users_as_before() {
        String type = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        User me = signup();
        User other = signup();
        asUser(me, POST, "/v1/users/me/relationships/" + type, relate(other.id(), false), 403);

        configure(type);
        asUser(me, POST, "/v1/users/me/relationships/" + type, relate(other.id(), true), 200);
        assertThat(ids(asUser(me, GET, "/v1/users/me/relationships/" + type, null, 200))).containsExactly(other.id());
        assertThat(ids(asUser(other, GET, "/v1/users/me/relationships/" + type, null, 200))).containsExactly(me.id());
    }

    @Test
    void following_followers_and_configured_pairs_stay_open_and_a_secret_key_uses_any_type() {
        User me = signup();
        User other = signup("{\"blocked_ids\": [\"" + me.id() + "\"]}");
        asUser(me, POST, "/v1/users/me/relationships/following", relate(other.id(), false), 200);
        assertThat(ids(asUser(other, GET, "/v1/users/me/relationships/followers", null, 200))).containsExactly(me.id());

        assertThat(ids(asSecret(GET, "/v1/users/" + me.id() + "/relationships/blocked", null, 200)))
                .containsExactly(other.id());
    }

    private void configure(String type) {
        db.sql("update projects set settings = settings || jsonb_build_object('relationship_types',"
                        + " coalesce(settings -> 'relationship_types', '[]'::jsonb) || to_jsonb($1::text))")
                .bind(0, type).fetch().rowsUpdated().block();
    }
}
