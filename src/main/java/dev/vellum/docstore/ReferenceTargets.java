package dev.vellum.docstore;

import dev.vellum.docstore.ReferenceCatalog;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks the target of each populated field, first rule that applies: the collection named in
 * {@code populate=field:collection} (404 if it does not exist); else the source collection's
 * {@code references} setting; else app users for {@code author}, {@code user}, {@code owner},
 * {@code creator}; else the first existing collection named like the field or its plural. The
 * name rules use the field without a trailing {@code _id}/{@code _ids}. Pure: no I/O.
 */
final class ReferenceTargets {

    static final Set<String> USER_FIELDS = Set.of("author", "user", "owner", "creator");

    private ReferenceTargets() {
    }

    /** Every collection name whose existence the rules may ask about (the references setting adds its own). */
    static Set<String> candidateNames(Populate populate) {
        Set<String> names = new LinkedHashSet<>();
        for (Populate.Field field : populate.fields()) {
            if (field.collection() != null) {
                names.add(field.collection());
            } else {
                names.addAll(byName(field.name()));
            }
        }
        return names;
    }

    static ReferenceTarget resolve(Populate.Field field, ReferenceCatalog catalog) {
        if (field.collection() != null) {
            if (!catalog.exists(field.collection())) {
                throw new VellumException(ErrorCode.COLLECTION_NOT_FOUND, "collection '" + field.collection()
                        + "' does not exist", Map.of("collection", field.collection(), "field", "populate"));
            }
            return new ReferenceTarget.Documents(field.collection());
        }
        String base = baseName(field.name());
        String configured = catalog.references().getOrDefault(field.name(), catalog.references().get(base));
        if (configured != null) {
            return catalog.exists(configured) ? new ReferenceTarget.Documents(configured) : new ReferenceTarget.Unresolved();
        }
        if (USER_FIELDS.contains(base)) {
            return new ReferenceTarget.AppUsers();
        }
        for (String name : byName(field.name())) {
            if (catalog.exists(name)) {
                return new ReferenceTarget.Documents(name);
            }
        }
        return new ReferenceTarget.Unresolved();
    }

    /** {@code author_id} → {@code author}, {@code tag_ids} → {@code tag}; other names unchanged. */
    static String baseName(String field) {
        if (field.endsWith("_ids") && field.length() > 4) {
            return field.substring(0, field.length() - 4);
        }
        if (field.endsWith("_id") && field.length() > 3) {
            return field.substring(0, field.length() - 3);
        }
        return field;
    }

    /** The collections the name rule tries, in order: the base name, then its plural. */
    static List<String> byName(String field) {
        String base = baseName(field).toLowerCase(java.util.Locale.ROOT);
        Set<String> names = new LinkedHashSet<>(List.of(base, plural(base)));
        return List.copyOf(names);
    }

    /** Simple English: box → boxes, church → churches, category → categories, day → days, post → posts. */
    static String plural(String word) {
        if (word.endsWith("s") || word.endsWith("x") || word.endsWith("z") || word.endsWith("ch") || word.endsWith("sh")) {
            return word + "es";
        }
        if (word.length() > 1 && word.endsWith("y") && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        return word + "s";
    }
}
