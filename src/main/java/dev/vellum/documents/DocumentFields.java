package dev.vellum.documents;

import dev.vellum.error.VellumException;
import dev.vellum.query.FieldRef;
import dev.vellum.query.SystemField;
import java.util.Map;
import java.util.Optional;

/**
 * The system field names of the documents API: {@code id}, {@code created_at} and
 * {@code updated_at} stand for {@code _key}, {@code _created_at} and {@code _modified_at};
 * {@code _version} and {@code _userkey} keep the Datastore's names (the {@code _} prefix is
 * reserved, so they can never collide with a body field).
 */
final class DocumentFields {

    static final String ID = "id";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";
    static final String VERSION = "_version";
    static final String USERKEY = "_userkey";

    private static final Map<String, SystemField> SYSTEM = Map.of(
            ID, SystemField.KEY,
            CREATED_AT, SystemField.CREATED_AT,
            UPDATED_AT, SystemField.MODIFIED_AT,
            VERSION, SystemField.VERSION,
            USERKEY, SystemField.USERKEY);

    private DocumentFields() {
    }

    /** The system field a name of this API means, if it names one. */
    static Optional<SystemField> system(String name) {
        return Optional.ofNullable(SYSTEM.get(name));
    }

    /**
     * A field as clients of this API name it (sort, select): a system name above or a dotted body
     * path. The Datastore's own {@code _key}-style names are not names here.
     */
    static FieldRef parse(String name, String parameter) {
        Optional<SystemField> system = system(name);
        if (system.isPresent()) {
            return system.get();
        }
        if (name.startsWith("_")) {
            throw VellumException.validation("unknown system field '" + name + "'; use id, created_at, updated_at, "
                    + VERSION + " or " + USERKEY, Map.of("field", parameter));
        }
        FieldRef field = FieldRef.parse(name);
        if (field instanceof SystemField) {
            throw new IllegalStateException("a body path parsed as a system field: " + name);
        }
        return field;
    }

    /** Writes may not set {@code id}, {@code created_at} or {@code updated_at}, not even below them. */
    static void refuseSystemNames(Iterable<String> writtenNames) {
        for (String name : writtenNames) {
            String bare = name.startsWith("&") ? name.substring(1) : name;
            int dot = bare.indexOf('.');
            String top = dot < 0 ? bare : bare.substring(0, dot);
            if (top.equals(ID) || top.equals(CREATED_AT) || top.equals(UPDATED_AT)) {
                throw VellumException.validation("'" + top + "' is a system field and cannot be written",
                        Map.of("field", name));
            }
        }
    }
}
