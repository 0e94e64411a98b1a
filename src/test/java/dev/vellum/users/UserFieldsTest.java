package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.VellumException;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class UserFieldsTest {

    private static final JsonMapper JSON = new JsonMapper();

    @ParameterizedTest
    @ValueSource(strings = {"a@b.co", "first.last+tag@sub.example.com", "Ada@Example.COM", "\u00e9l\u00e8ve@\u00e9cole.fr"})
    void emails_shaped_like_one_are_kept_as_given(String email) {
        assertThat(UserFields.email(body("email", email))).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a@b", "@b.co", "a@.co", "a@b..co", "a b@c.co", "a@b@c.co", "a@b.co ", "a\n@b.co"})
    void emails_not_shaped_like_one_are_rejected_naming_the_field(String email) {
        assertThatThrownBy(() -> UserFields.email(body("email", email)))
                .isInstanceOfSatisfying(VellumException.class, e -> assertThat(e.details()).containsEntry("field", "email"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567", "\u00e9\u00e9\u00e9", "12345678901234567890123456789012345678901234567890123456789012345678901234567"})
    void new_passwords_outside_8_to_72_bytes_are_rejected(String password) {
        assertThatThrownBy(() -> UserFields.newPassword(body("password", password)))
                .isInstanceOfSatisfying(VellumException.class, e -> assertThat(e.details()).containsEntry("field", "password"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678", "\u00e9\u00e9\u00e9\u00e9", "123456789012345678901234567890123456789012345678901234567890123456789012"})
    void new_passwords_of_8_to_72_bytes_are_accepted(String password) {
        assertThat(UserFields.newPassword(body("password", password))).isEqualTo(password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"email\": 1}", "{\"email\": null}", "{}"})
    void email_must_be_a_present_string(String json) {
        ObjectNode body = (ObjectNode) JSON.readTree(json);
        assertThatThrownBy(() -> UserFields.email(body)).isInstanceOf(VellumException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"x\"", "null", "{\"email\": \"a@b.co\", \"admin\": true}"})
    void bodies_must_be_objects_without_unknown_fields(String json) {
        assertThatThrownBy(() -> UserFields.object(JSON.readTree(json), Set.of("email")))
                .isInstanceOf(VellumException.class);
    }

    private static ObjectNode body(String field, String value) {
        ObjectNode body = JSON.createObjectNode();
        body.put(field, value);
        return body;
    }
}
