package dev.vellum.query;

/** A field a filter, sort or projection names: a system column or a path into the JSON body. */
public sealed interface FieldRef permits SystemField, BodyPath {

    /** At most 31 components below the root, as documents nest at most 32 levels. */
    int MAX_SEGMENTS = 31;
    int MAX_BYTES = 1024;

    /** The name as clients write it: {@code _created_at}, {@code address.city}. */
    String publicName();

    /**
     * Parses a dotted field name. Names starting with {@code _} must be one of the system
     * fields and have no sub-fields; anything else is a body path.
     */
    static FieldRef parse(String dottedName) {
        return FieldNames.parse(dottedName, dottedName);
    }
}
