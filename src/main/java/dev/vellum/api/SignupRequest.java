package dev.vellum.api;

import dev.vellum.users.UserFields;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Body of {@code POST /v1/auth/signup}: {@code {email, password, data?}}. */
record SignupRequest(String email, String password, ObjectNode data) {

    private static final Set<String> FIELDS = Set.of("email", "password", "data");

    static SignupRequest from(JsonNode body) {
        ObjectNode object = UserFields.object(body, FIELDS);
        return new SignupRequest(UserFields.email(object), UserFields.newPassword(object), UserFields.data(object));
    }

    @Override
    public String toString() {
        return "SignupRequest[email=" + email + "]"; // never the password
    }
}
