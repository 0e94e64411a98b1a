package dev.vellum.users;

import dev.vellum.error.VellumException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The rules for the fields of signup and login requests; each failure names its field. */
public final class UserFields {

    public static final int MAX_EMAIL_CHARS = 254;
    public static final int MIN_PASSWORD_BYTES = 8;
    /** bcrypt ignores everything after 72 bytes, so a longer password would be silently cut. */
    public static final int MAX_PASSWORD_BYTES = 72;

    // Deliberately loose: one @, no whitespace or control characters, a dot in the domain.
    private static final Pattern EMAIL = Pattern.compile("[^\\s@\\p{Cntrl}]+@[^\\s@\\p{Cntrl}.]+(\\.[^\\s@\\p{Cntrl}.]+)+");

    private UserFields() {
    }

    /** The body as an object holding no field outside {@code allowed}. */
    public static ObjectNode object(JsonNode body, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw VellumException.validation("request body must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                throw invalid(name, "unknown field '" + name + "'");
            }
        }
        return (ObjectNode) body;
    }

    /** A string field that must be present. */
    public static String requiredString(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw invalid(field, field + " is required");
        }
        if (!value.isString()) {
            throw invalid(field, field + " must be a string");
        }
        return value.stringValue();
    }

    public static String email(ObjectNode body) {
        String email = requiredString(body, "email");
        if (email.length() > MAX_EMAIL_CHARS) {
            throw invalid("email", "email must be at most " + MAX_EMAIL_CHARS + " characters");
        }
        if (!EMAIL.matcher(email).matches()) {
            throw invalid("email", "email must look like name@example.com");
        }
        return email;
    }

    /** A password for a new account: 8 to 72 UTF-8 bytes. */
    public static String newPassword(ObjectNode body) {
        String password = requiredString(body, "password");
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_PASSWORD_BYTES || bytes > MAX_PASSWORD_BYTES) {
            throw invalid("password", "password must be " + MIN_PASSWORD_BYTES + " to " + MAX_PASSWORD_BYTES + " bytes of UTF-8");
        }
        return password;
    }

    /** A password to check at login: any non-empty string bcrypt can take (rules may have changed since signup). */
    public static String loginPassword(ObjectNode body) {
        String password = requiredString(body, "password");
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_PASSWORD_BYTES) {
            throw invalid("password", "password must be 1 to " + MAX_PASSWORD_BYTES + " bytes of UTF-8");
        }
        return password;
    }

    /** An email to look up at login: shape is not checked, a malformed one simply matches nobody. */
    public static String loginEmail(ObjectNode body) {
        String email = requiredString(body, "email");
        if (email.isEmpty() || email.length() > MAX_EMAIL_CHARS) {
            throw invalid("email", "email must be 1 to " + MAX_EMAIL_CHARS + " characters");
        }
        return email;
    }

    /** The optional {@code data} object (empty when absent); {@code _}-prefixed top-level keys are reserved. */
    public static ObjectNode data(ObjectNode body) {
        JsonNode data = body.get("data");
        if (data == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!data.isObject()) {
            throw invalid("data", "data must be a JSON object");
        }
        for (String name : data.propertyNames()) {
            if (name.startsWith("_")) {
                throw invalid("data." + name, "fields starting with '_' are reserved");
            }
        }
        return (ObjectNode) data;
    }

    private static VellumException invalid(String field, String message) {
        return VellumException.validation(message, Map.of("field", field));
    }
}
