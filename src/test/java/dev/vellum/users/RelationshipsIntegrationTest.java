package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

class RelationshipsIntegrationTest extends RelationshipsTestBase {

    @Autowired
    private DatabaseClient db;

    @Test
    void forward_list_returns_the_listed_users_in_list_order_as_full_users_to_a_secret_key() {
        User b = signup();
        User c = signup("{\"name\": \"Cy\"}");
        User a = signup("{\"following_ids\": [\"" + c.id() + "\", \"" + b.id() + "\"]}");

        JsonNode page = asSecret(GET, "/v1/users/" + a.id() + "/relationships/following", null, 200);

        assertThat(ids(page)).containsExactly(c.id(), b.id());
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("has_more").asBoolean()).isFalse();
        JsonNode first = page.get("data").get(0);
        assertThat(first.propertyNames()).containsExactly("id", "email", "roles", "data", "created_at", "updated_at");
        assertThat(first.get("email").stringValue()).isEqualTo(c.email());
        assertThat(first.get("data").get("name").stringValue()).isEqualTo("Cy");
        assertThat(page.toString()).doesNotContain("password").doesNotContain("$2a$");
    }

    @Test
    void followers_without_a_list_are_the_users_whose_following_ids_hold_the_user() {
        User t = signup();
        User a = signup("{\"following_ids\": [\"" + t.id() + "\"]}");
        User b = signup("{\"following_ids\": [\"x\", \"" + t.id() + "\"]}");
        signup("{\"followers_ids\": [\"" + t.id() + "\"]}"); // the other direction: not a follower

        assertThat(ids(asSecret(GET, "/v1/users/" + t.id() + "/relationships/followers", null, 200)))
                .containsExactly(a.id(), b.id());
    }

    @Test
    void following_without_a_list_are_the_users_whose_followers_ids_hold_the_user() {
        User t = signup();
        User a = signup("{\"followers_ids\": [\"" + t.id() + "\"]}");
        signup("{\"following_ids\": [\"" + t.id() + "\"]}");

        assertThat(ids(asSecret(GET, "/v1/users/" + t.id() + "/relationships/following", null, 200)))
                .containsExactly(a.id());
    }

    @Test
    void friends_and_any_other_type_pair_with_themselves() {
        User t = signup();
        User friend = signup("{\"friends_ids\": [\"" + t.id() + "\"]}");
        User mate = signup("{\"teammates_ids\": [\"" + t.id() + "\"]}");

        assertThat(ids(asSecret(GET, "/v1/users/" + t.id() + "/relationships/friends", null, 200)))
                .containsExactly(friend.id());
        assertThat(ids(asSecret(GET, "/v1/users/" + t.id() + "/relationships/teammates", null, 200)))
                .containsExactly(mate.id());
    }

    @Test
    void a_pair_configured_in_project_settings_drives_the_reverse_lookup_both_ways() {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String fans = "fans_" + suffix;
        String idols = "idols_" + suffix;
        db.sql("update projects set settings = jsonb_set(settings, '{relationship_pairs}',"
                        + " coalesce(settings -> 'relationship_pairs', '{}'::jsonb) || jsonb_build_object($1::text, $2::text))")
                .bind(0, fans).bind(1, idols).fetch().rowsUpdated().block();
        User t = signup();
        User fan = signup("{\"" + idols + "_ids\": [\"" + t.id() + "\"]}");
        User idol = signup("{\"" + fans + "_ids\": [\"" + t.id() + "\"]}");

        assertThat(ids(asSecret(GET, "/v1/users/" + t.id() + "/relationships/" + fans, null, 200)))
                .containsExactly(fan.id());
        assertThat(ids(asSecret(GET, "/v1/users/" + t.id() + "/relationships/" + idols, null, 200)))
                .containsExactly(idol.id());
    }

    @Test
    void filters_and_paging_apply_to_the_related_users() {
        User t = signup();
        List<User> followers = new ArrayList<>();
        for (int age = 1; age <= 5; age++) {
            followers.add(signup("{\"age\": " + age + ", \"following_ids\": [\"" + t.id() + "\"]}"));
        }
        String base = "/v1/users/" + t.id() + "/relationships/followers";

        JsonNode first = asSecret(GET, base + "?age_gte=3&limit=2", null, 200);
        assertThat(ids(first)).containsExactly(followers.get(2).id(), followers.get(3).id());
        assertThat(first.get("total").asLong()).isEqualTo(3);
        assertThat(first.get("has_more").asBoolean()).isTrue();

        JsonNode second = asSecret(GET, base + "?age_gte=3&limit=2&offset=2", null, 200);
        assertThat(ids(second)).containsExactly(followers.get(4).id());
        assertThat(second.get("has_more").asBoolean()).isFalse();

        JsonNode past = asSecret(GET, base + "?age_gte=3&offset=10", null, 200);
        assertThat(ids(past)).isEmpty();
        assertThat(past.get("total").asLong()).isEqualTo(3);

        JsonNode planned = asSecret(GET, base + "?age_gte=3&limit=2&count=planned", null, 200);
        assertThat(planned.get("count_estimated").asBoolean()).isTrue();
        assertThat(planned.get("has_more").asBoolean()).isTrue();
        JsonNode exact = asSecret(GET, base + "?age_gte=3&limit=2&count=exact", null, 200);
        assertThat(exact.get("total").asLong()).isEqualTo(3);
        assertThat(exact.get("count_estimated").asBoolean()).isFalse();
        assertThat(errorCode(asSecret(GET, base + "?count=roughly", null, 400))).isEqualTo("VALIDATION_ERROR");

        assertThat(ids(asSecret(GET, base + "?email=" + followers.get(1).email(), null, 200)))
                .containsExactly(followers.get(1).id());

        JsonNode selected = asSecret(GET, base + "?select=data.age&age=5", null, 200).get("data").get(0);
        assertThat(selected.toString()).isEqualTo("{\"id\":\"" + followers.get(4).id() + "\",\"data\":{\"age\":5}}");

        assertThat(errorCode(asSecret(GET, base + "?_key=x", null, 400))).isEqualTo("VALIDATION_ERROR");
        assertThat(errorCode(asSecret(GET, base + "?sort=age", null, 400))).isEqualTo("VALIDATION_ERROR");
        assertThat(errorCode(asSecret(GET, base + "?limit=0", null, 400))).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void adding_twice_stores_the_id_once() {
        User a = signup();
        User b = signup();
        String path = "/v1/users/" + a.id() + "/relationships/following";

        JsonNode first = asSecret(POST, path, relate(b.id(), false), 200);
        JsonNode second = asSecret(POST, path, relate(b.id(), false), 200);

        assertThat(first.get("success").asBoolean()).isTrue();
        assertThat(first.get("bidirectional").asBoolean()).isFalse();
        assertThat(first.propertyNames()).containsExactly("success", "message", "bidirectional");
        assertThat(second.get("success").asBoolean()).isTrue();
        assertThat(stored(a.id(), "following_ids")).isEqualTo("[\"" + b.id() + "\"]");
        assertThat(stored(b.id(), "followers_ids")).isNull();
    }

    @Test
    void bidirectional_following_is_mutual_following_and_removal_takes_both_back() {
        User a = signup();
        User b = signup("{\"following_ids\": [\"someone\"], \"followers_ids\": [\"fan\"]}");

        JsonNode added = asSecret(POST, "/v1/users/" + a.id() + "/relationships/following", relate(b.id(), true), 200);
        assertThat(added.get("bidirectional").asBoolean()).isTrue();
        assertThat(stored(a.id(), "following_ids")).isEqualTo("[\"" + b.id() + "\"]");
        assertThat(stored(b.id(), "following_ids")).isEqualTo("[\"someone\", \"" + a.id() + "\"]");
        assertThat(stored(b.id(), "followers_ids")).isEqualTo("[\"fan\"]");
        assertThat(stored(a.id(), "followers_ids")).isNull();

        JsonNode removed = asSecret(DELETE, "/v1/users/" + a.id() + "/relationships/following/" + b.id()
                + "?bidirectional=true", null, 200);
        assertThat(removed.get("bidirectional").asBoolean()).isTrue();
        assertThat(stored(a.id(), "following_ids")).isEqualTo("[]");
        assertThat(stored(b.id(), "following_ids")).isEqualTo("[\"someone\"]");
        assertThat(stored(b.id(), "followers_ids")).isEqualTo("[\"fan\"]");
    }

    @Test
    void after_a_mutual_follow_the_pairs_still_find_each_users_followers_by_reverse_lookup() {
        User a = signup();
        User b = signup();

        asSecret(POST, "/v1/users/" + a.id() + "/relationships/following", relate(b.id(), true), 200);

        assertThat(ids(asSecret(GET, "/v1/users/" + a.id() + "/relationships/following", null, 200))).containsExactly(b.id());
        assertThat(ids(asSecret(GET, "/v1/users/" + b.id() + "/relationships/following", null, 200))).containsExactly(a.id());
        assertThat(ids(asSecret(GET, "/v1/users/" + a.id() + "/relationships/followers", null, 200))).containsExactly(b.id());
        assertThat(ids(asSecret(GET, "/v1/users/" + b.id() + "/relationships/followers", null, 200))).containsExactly(a.id());
    }

    @Test
    void bidirectional_friends_are_friends_on_both_sides_and_one_sided_removal_leaves_the_other() {
        User a = signup();
        User b = signup();

        asSecret(POST, "/v1/users/" + a.id() + "/relationships/friends", relate(b.id(), true), 200);
        assertThat(stored(a.id(), "friends_ids")).isEqualTo("[\"" + b.id() + "\"]");
        assertThat(stored(b.id(), "friends_ids")).isEqualTo("[\"" + a.id() + "\"]");

        asSecret(DELETE, "/v1/users/" + a.id() + "/relationships/friends/" + b.id(), null, 200);
        assertThat(stored(a.id(), "friends_ids")).isEqualTo("[]");
        assertThat(stored(b.id(), "friends_ids")).isEqualTo("[\"" + a.id() + "\"]");
    }

    @Test
    void a_bidirectional_add_that_cannot_update_the_other_side_changes_neither() {
        User a = signup();
        User b = signup("{\"following_ids\": \"not a list\"}");

        JsonNode error = asSecret(POST, "/v1/users/" + a.id() + "/relationships/following", relate(b.id(), true), 409);

        assertThat(errorCode(error)).isEqualTo("CONFLICT");
        assertThat(stored(a.id(), "following_ids")).isNull();
        assertThat(stored(b.id(), "following_ids")).isEqualTo("\"not a list\"");
    }

    @Test
    void relating_a_user_to_itself_is_a_validation_error() {
        User a = signup();
        JsonNode error = asSecret(POST, "/v1/users/" + a.id() + "/relationships/following", relate(a.id(), false), 400);
        assertThat(errorCode(error)).isEqualTo("VALIDATION_ERROR");
        assertThat(errorCode(asSecret(DELETE, "/v1/users/" + a.id() + "/relationships/following/" + a.id(), null, 400)))
                .isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void unknown_users_on_either_side_are_not_found() {
        User a = signup();
        String nobody = "0".repeat(32);

        for (JsonNode error : List.of(
                asSecret(POST, "/v1/users/" + a.id() + "/relationships/following", relate(nobody, false), 404),
                asSecret(POST, "/v1/users/" + nobody + "/relationships/following", relate(a.id(), false), 404),
                asSecret(GET, "/v1/users/" + nobody + "/relationships/followers", null, 404),
                asSecret(DELETE, "/v1/users/" + nobody + "/relationships/following/" + a.id(), null, 404),
                asSecret(DELETE, "/v1/users/" + a.id() + "/relationships/following/" + nobody, null, 404))) {
            assertThat(errorCode(error)).isEqualTo("NOT_FOUND");
            assertThat(error.get("error").get("message").stringValue()).isEqualTo("user not found");
        }
    }

    @Test
    void a_type_outside_the_naming_rule_is_refused() {
        User a = signup();
        User b = signup();
        assertThat(errorCode(asSecret(GET, "/v1/users/" + a.id() + "/relationships/Followers", null, 400)))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(errorCode(asSecret(POST, "/v1/users/" + a.id() + "/relationships/9lives", relate(b.id(), false), 400)))
                .isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void a_signed_in_user_manages_its_own_lists_at_me_and_sees_public_profiles() {
        User a = signup();
        User b = signup("{\"secret\": \"hidden\"}");

        JsonNode added = asUser(a, POST, "/v1/users/me/relationships/following", relate(b.id(), true), 200);
        assertThat(added.get("success").asBoolean()).isTrue();
        assertThat(added.get("bidirectional").asBoolean()).isTrue();

        JsonNode mine = asUser(a, GET, "/v1/users/me/relationships/following", null, 200);
        assertThat(mine.get("data").get(0).toString()).isEqualTo("{\"id\":\"" + b.id() + "\"}");
        assertThat(mine.toString()).doesNotContain(b.email()).doesNotContain("hidden");

        JsonNode theirFollowers = asUser(b, GET, "/v1/users/me/relationships/followers", null, 200);
        assertThat(ids(theirFollowers)).containsExactly(a.id());
        assertThat(theirFollowers.get("data").get(0).propertyNames()).containsExactly("id");

        // a public profile is only an id: filters that could probe email or data are refused
        assertThat(errorCode(asUser(b, GET, "/v1/users/me/relationships/followers?email=" + a.email(), null, 403)))
                .isEqualTo("FORBIDDEN");

        // its own id works like me
        assertThat(ids(asUser(a, GET, "/v1/users/" + a.id() + "/relationships/following", null, 200)))
                .containsExactly(b.id());

        asUser(a, DELETE, "/v1/users/me/relationships/following/" + b.id() + "?bidirectional=true", null, 200);
        assertThat(ids(asUser(a, GET, "/v1/users/me/relationships/following", null, 200))).isEmpty();
        assertThat(stored(b.id(), "following_ids")).isEqualTo("[]");
        assertThat(stored(b.id(), "followers_ids")).isNull();
    }

    @Test
    void a_signed_in_user_may_not_touch_another_users_relationships() {
        User a = signup();
        User b = signup();
        User c = signup();
        String theirs = "/v1/users/" + b.id() + "/relationships/following";

        assertThat(errorCode(asUser(a, GET, theirs, null, 403))).isEqualTo("FORBIDDEN");
        assertThat(errorCode(asUser(a, POST, theirs, relate(c.id(), false), 403))).isEqualTo("FORBIDDEN");
        assertThat(errorCode(asUser(a, DELETE, theirs + "/" + c.id(), null, 403))).isEqualTo("FORBIDDEN");
        assertThat(stored(b.id(), "following_ids")).isNull();
    }

    @Test
    void me_routes_need_a_user_token() {
        assertThat(errorCode(asSecret(GET, "/v1/users/me/relationships/following", null, 401)))
                .isEqualTo("AUTHENTICATION_FAILED");
        assertThat(errorCode(call(GET, "/v1/users/me/relationships/following", PUBLIC_KEY, null, null, 401)))
                .isEqualTo("AUTHENTICATION_FAILED");
    }

    private String stored(String userId, String field) {
        return db.sql("select (data -> $2::text)::text as v from app_users where id = $1")
                .bind(0, userId).bind(1, field)
                .map(row -> java.util.Optional.ofNullable(row.get("v", String.class)))
                .one().block().orElse(null);
    }
}
