package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.VellumException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RelationshipPairsTest {

    private static final JsonMapper JSON = new JsonMapper();

    private static String pair(RelationshipPairs pairs, String type) {
        return pairs.pairOf(new RelationshipType(type)).name();
    }

    @Test
    void followers_and_following_pair_and_every_other_type_pairs_with_itself() {
        RelationshipPairs pairs = RelationshipPairs.defaults();
        assertThat(pair(pairs, "followers")).isEqualTo("following");
        assertThat(pair(pairs, "following")).isEqualTo("followers");
        assertThat(pair(pairs, "friends")).isEqualTo("friends");
        assertThat(pair(pairs, "teammates")).isEqualTo("teammates");
    }

    @Test
    void a_configured_pair_works_both_ways_and_keeps_the_defaults() {
        RelationshipPairs pairs = RelationshipPairs.configured(JSON.readTree("{\"fans\": \"idols\"}"));
        assertThat(pair(pairs, "fans")).isEqualTo("idols");
        assertThat(pair(pairs, "idols")).isEqualTo("fans");
        assertThat(pair(pairs, "followers")).isEqualTo("following");
    }

    @Test
    void configuring_both_sides_is_taken_as_written_and_invalid_entries_are_ignored() {
        RelationshipPairs pairs = RelationshipPairs.configured(JSON.readTree(
                "{\"mentors\": \"mentees\", \"mentees\": \"mentees\", \"Bad\": \"x\", \"ok\": 3, \"also\": \"Bad-Name\"}"));
        assertThat(pair(pairs, "mentors")).isEqualTo("mentees");
        assertThat(pair(pairs, "mentees")).isEqualTo("mentees");
        assertThat(pair(pairs, "ok")).isEqualTo("ok");
        assertThat(pair(pairs, "also")).isEqualTo("also");
    }

    @Test
    void settings_that_are_not_an_object_mean_the_defaults() {
        assertThat(pair(RelationshipPairs.configured(null), "followers")).isEqualTo("following");
        assertThat(pair(RelationshipPairs.configured(JSON.readTree("[1]")), "followers")).isEqualTo("following");
    }

    @Test
    void type_names_follow_the_naming_rule() {
        assertThat(new RelationshipType("a_b9").field()).isEqualTo("a_b9_ids");
        assertThatThrownBy(() -> new RelationshipType("_x")).isInstanceOf(VellumException.class);
        assertThatThrownBy(() -> new RelationshipType("a".repeat(65))).isInstanceOf(VellumException.class);
        assertThatThrownBy(() -> new RelationshipType("a-b")).isInstanceOf(VellumException.class);
    }
}
