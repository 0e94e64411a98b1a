package dev.vellum.collections;

import dev.vellum.error.VellumException;
import java.util.Map;
import java.util.regex.Pattern;

/** Collection names: lowercase letters, digits and underscore, starting with a letter or underscore, at most 64. */
public final class CollectionNames {

    private static final Pattern VALID = Pattern.compile("[a-z_][a-z0-9_]{0,63}");

    private CollectionNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    public static String require(String name) {
        if (!isValid(name)) {
            throw VellumException.validation(
                    "invalid collection name: use lowercase letters, digits and '_', start with a letter or '_', at most 64 characters",
                    Map.of("field", "collection"));
        }
        return name;
    }
}
