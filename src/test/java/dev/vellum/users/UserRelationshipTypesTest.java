package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class UserRelationshipTypesTest {

    private static final JsonMapper JSON = new JsonMapper();

    private static boolean allows(UserRelationshipTypes types, String name) {
        return types.allows(new RelationshipType(name));
    }

    @Test
    void following_and_followers_are_always_configured_and_nothing_else_by_default() {
        UserRelationshipTypes types = UserRelationshipTypes.configured(null, null);
        assertThat(allows(types, "following")).isTrue();
        assertThat(allows(types, "followers")).isTrue();
        assertThat(allows(types, "blocked")).isFalse();
        assertThat(allows(types, "friends")).isFalse();
    }

    @Test
    void both_sides_of_a_configured_pair_and_listed_types_are_configured() {
        UserRelationshipTypes types = UserRelationshipTypes.configured(JSON.readTree("{\"fans\": \"idols\", \"Bad\": \"x\"}"),
                JSON.readTree("[\"friends\", 3, \"9lives\"]"));
        assertThat(allows(types, "fans")).isTrue();
        assertThat(allows(types, "idols")).isTrue();
        assertThat(allows(types, "friends")).isTrue();
        assertThat(allows(types, "x")).isFalse();
        assertThat(allows(types, "blocked")).isFalse();
    }

    @Test
    void settings_of_the_wrong_shape_add_nothing() {
        UserRelationshipTypes types = UserRelationshipTypes.configured(JSON.readTree("[\"fans\"]"), JSON.readTree("{\"friends\": true}"));
        assertThat(allows(types, "fans")).isFalse();
        assertThat(allows(types, "friends")).isFalse();
    }
}
