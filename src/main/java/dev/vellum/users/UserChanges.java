package dev.vellum.users;

import dev.vellum.error.VellumException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bodies of user management: a new user {@code {email, password, data?, roles?}} and a change
 * {@code {email?, password?, roles?, data?, ...extra}} where {@code data} and any extra top-level
 * fields merge into the stored data. Field rules are {@link UserFields}'.
 */
public final class UserChanges {

    public static final int MAX_ROLES = 100;
    public static final int MAX_ROLE_CHARS = 100;

    private static final Set<String> NEW_USER = Set.of("email", "password", "data", "roles");
    /** Fields users show but clients cannot set; an extra field with such a name would only confuse. */
    private static final Set<String> READ_ONLY = Set.of("id", "created_at", "updated_at", "version", "token_version",
            "password_hash");

    private UserChanges() {
    }

    /** A user to create, validated. */
    public record NewUser(String email, String password, ObjectNode data, List<String> roles) {
    }

    /** What to change; null means unchanged, {@code data} holds the fields to merge (null when none). */
    public record Change(String email, String password, List<String> roles, ObjectNode data) {
    }

    public static NewUser newUser(JsonNode body) {
        ObjectNode object = UserFields.object(body, NEW_USER);
        String email = UserFields.email(object);
        String password = UserFields.newPassword(object);
        ObjectNode data = UserFields.data(object);
        List<String> roles = object.has("roles") ? roles(object.get("roles")) : List.of();
        return new NewUser(email, password, data, roles);
    }

    public static Change change(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw VellumException.validation("request body must be a JSON object");
        }
        ObjectNode object = (ObjectNode) body;
        if (object.isEmpty()) {
            throw VellumException.validation("the update changes no fields", Map.of("field", "body"));
        }
        String email = object.has("email") ? UserFields.email(object) : null;
        String password = object.has("password") ? UserFields.newPassword(object) : null;
        List<String> roles = object.has("roles") ? roles(object.get("roles")) : null;
        ObjectNode merge = object.has("data") ? UserFields.data(object).deepCopy() : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String name = field.getKey();
            if (NEW_USER.contains(name)) {
                continue;
            }
            if (name.startsWith("_")) {
                throw invalid(name, "fields starting with '_' are reserved");
            }
            if (READ_ONLY.contains(name)) {
                throw invalid(name, "'" + name + "' cannot be changed");
            }
            merge.set(name, field.getValue());
        }
        return new Change(email, password, roles, object.has("data") || !merge.isEmpty() ? merge : null);
    }

    /** A list of distinct non-blank role names, order kept. */
    static List<String> roles(JsonNode value) {
        if (value == null || !value.isArray()) {
            throw invalid("roles", "roles must be a list of strings");
        }
        if (value.size() > MAX_ROLES) {
            throw invalid("roles", "a user has at most " + MAX_ROLES + " roles");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (JsonNode role : value.values()) {
            if (!role.isString() || role.stringValue().isBlank() || role.stringValue().length() > MAX_ROLE_CHARS) {
                throw invalid("roles", "each role must be a non-blank string of at most " + MAX_ROLE_CHARS + " characters");
            }
            roles.add(role.stringValue());
        }
        return new ArrayList<>(roles);
    }

    private static VellumException invalid(String field, String message) {
        return VellumException.validation(message, Map.of("field", field));
    }
}
