package dev.vellum.api;

import dev.vellum.users.UserFields;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Body of {@code POST /v1/auth/login}: {@code {email, password}}. */
record LoginRequest(String email, String password) {

    private static final Set<String> FIELDS = Set.of("email", "password");

    static LoginRequest from(JsonNode body) {
        ObjectNode object = UserFields.object(body, FIELDS);
        return new LoginRequest(UserFields.loginEmail(object), UserFields.loginPassword(object));
    }

    @Override
    public String toString() {
        return "LoginRequest[email=" + email + "]"; // never the password
    }
}
