package dev.vellum.users;

import dev.vellum.error.VellumException;
import java.util.Map;
import java.util.regex.Pattern;

/** A relationship name such as {@code following}; its ids live in the user's {@code data.<name>_ids} array. */
public record RelationshipType(String name) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public RelationshipType {
        if (name == null || !NAME.matcher(name).matches()) {
            throw VellumException.validation("relationship type must match [a-z][a-z0-9_]{0,63}", Map.of("field", "type"));
        }
    }

    static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The data field holding this relationship's ids; a constant-shaped name, still always bound as a parameter. */
    public String field() {
        return name + "_ids";
    }
}
