package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PublicProfileTest {

    private static final JsonMapper JSON = new JsonMapper();

    private static AppUser user(String data) {
        return new AppUser(1, "u1", "a@example.com", List.of("admin"), (ObjectNode) JSON.readTree(data),
                Instant.EPOCH, Instant.EPOCH, 1, 1);
    }

    @Test
    void without_the_setting_a_profile_is_the_id_only() {
        assertThat(PublicProfile.of(null).render(user("{\"name\": \"Ada\"}")).toString()).isEqualTo("{\"id\":\"u1\"}");
        assertThat(PublicProfile.of(JSON.readTree("[]")).render(user("{\"name\": \"Ada\"}")).toString())
                .isEqualTo("{\"id\":\"u1\"}");
        assertThat(PublicProfile.of(JSON.readTree("{\"name\": true}"))).isEqualTo(PublicProfile.ID_ONLY);
    }

    @Test
    void listed_fields_that_exist_are_shown_and_nothing_else() {
        PublicProfile profile = PublicProfile.of(JSON.readTree("[\"name\", \"avatar\", 3, \"name\"]"));
        assertThat(profile.fields()).containsExactly("name", "avatar");
        String json = profile.render(user("{\"name\": \"Ada\", \"secret\": \"s\", \"nested\": {\"name\": 1}}")).toString();
        assertThat(json).isEqualTo("{\"id\":\"u1\",\"data\":{\"name\":\"Ada\"}}");
        assertThat(profile.render(user("{}")).toString()).isEqualTo("{\"id\":\"u1\",\"data\":{}}");
    }
}
