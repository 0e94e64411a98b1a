package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.VellumException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class UserChangesTest {

    private static final JsonMapper JSON = new JsonMapper();

    private static UserChanges.Change change(String json) {
        return UserChanges.change(JSON.readTree(json));
    }

    private static void refused(String json, String field) {
        assertThatThrownBy(() -> change(json)).as(json).isInstanceOfSatisfying(VellumException.class,
                e -> assertThat(e.details()).containsEntry("field", field));
    }

    @Test
    void data_and_extra_fields_merge_into_one_data_patch() {
        UserChanges.Change c = change("{\"data\": {\"a\": 1}, \"plan\": \"pro\"}");
        assertThat(c.data().toString()).isEqualTo("{\"a\":1,\"plan\":\"pro\"}");
        assertThat(c.email()).isNull();
        assertThat(c.password()).isNull();
        assertThat(c.roles()).isNull();
    }

    @Test
    void roles_replace_and_keep_their_order_without_duplicates() {
        assertThat(change("{\"roles\": [\"b\", \"a\", \"b\"]}").roles()).containsExactly("b", "a");
        assertThat(change("{\"roles\": []}").roles()).isEmpty();
        assertThat(change("{\"roles\": []}").data()).isNull();
    }

    @Test
    void bad_changes_name_their_field() {
        refused("{\"password\": \"short\"}", "password");
        refused("{\"email\": \"nope\"}", "email");
        refused("{\"roles\": \"admin\"}", "roles");
        refused("{\"roles\": [1]}", "roles");
        refused("{\"_secret\": 1}", "_secret");
        refused("{\"id\": \"x\"}", "id");
        refused("{\"data\": {\"_a\": 1}}", "data._a");
        refused("{}", "body");
    }

    @Test
    void a_new_user_takes_email_password_data_and_roles_only() {
        UserChanges.NewUser user = UserChanges.newUser(JSON.readTree(
                "{\"email\": \"a@example.com\", \"password\": \"long enough\", \"roles\": [\"admin\"]}"));
        assertThat(user.roles()).isEqualTo(List.of("admin"));
        assertThat(user.data().isEmpty()).isTrue();
        assertThatThrownBy(() -> UserChanges.newUser(JSON.readTree("{\"email\": \"a@example.com\"}")))
                .isInstanceOf(VellumException.class);
        assertThatThrownBy(() -> UserChanges.newUser(JSON.readTree(
                "{\"email\": \"a@example.com\", \"password\": \"long enough\", \"plan\": 1}"))).isInstanceOf(VellumException.class);
    }
}
