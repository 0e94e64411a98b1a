package dev.vellum.api;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.users.SelfService.OwnChanges;
import dev.vellum.users.UserFields;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Body of {@code PATCH /v1/auth/me}: {@code {email?, password?, data?}}; {@code roles} is refused with 403. */
final class MeUpdateRequest {

    private static final Set<String> FIELDS = Set.of("email", "password", "data", "roles");

    private MeUpdateRequest() {
    }

    static OwnChanges from(JsonNode body) {
        ObjectNode object = UserFields.object(body, FIELDS);
        if (object.has("roles")) {
            // A permission question, not a malformed field: the same body is fine with the secret key's PATCH /v1/users/{id}.
            throw new VellumException(ErrorCode.FORBIDDEN, "users cannot change their own roles",
                    Map.of("field", "roles"));
        }
        return new OwnChanges(
                object.has("email") ? UserFields.email(object) : null,
                object.has("password") ? UserFields.newPassword(object) : null,
                UserFields.data(object));
    }
}
