package dev.vellum.docstore;

import dev.vellum.collections.CollectionNames;
import dev.vellum.error.VellumException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code populate=author,category:cats}: the top-level fields whose keys are replaced by the
 * documents they name, each with an explicit target collection or none (then {@link ReferenceTargets}
 * picks one). {@link #NONE} populates nothing.
 */
public record Populate(List<Field> fields) {

    static final int MAX_FIELDS = 10;
    static final Populate NONE = new Populate(List.of());

    /**
     * The documents API's names of system fields ({@code _version} and {@code _userkey} already
     * fail {@link #NAME}): populate reads body fields only.
     */
    static final Set<String> SYSTEM_ALIASES = Set.of("id", "created_at", "updated_at");

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    /** One field to populate; {@code collection} is null unless the client named it. */
    public record Field(String name, String collection) {
    }

    public Populate {
        fields = List.copyOf(fields);
    }

    /** Parses {@code field} or {@code field:collection} entries; duplicates and system names are refused. */
    public static Populate of(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return NONE;
        }
        if (entries.size() > MAX_FIELDS) {
            throw invalid("populate names at most " + MAX_FIELDS + " fields");
        }
        List<Field> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String entry : entries) {
            String text = entry == null ? "" : entry.strip();
            int colon = text.indexOf(':');
            String name = colon < 0 ? text : text.substring(0, colon).strip();
            String collection = colon < 0 ? null : text.substring(colon + 1).strip();
            if (!NAME.matcher(name).matches() || SYSTEM_ALIASES.contains(name)) {
                throw invalid("populate takes top-level field names (letters, digits, '_'), not '" + name + "'");
            }
            if (collection != null) {
                try {
                    CollectionNames.require(collection);
                } catch (VellumException e) {
                    throw invalid("'" + collection + "' is not a collection name");
                }
            }
            if (!seen.add(name)) {
                throw invalid("populate names '" + name + "' twice");
            }
            fields.add(new Field(name, collection));
        }
        return new Populate(fields);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    private static VellumException invalid(String message) {
        return VellumException.validation(message, Map.of("field", "populate"));
    }
}
