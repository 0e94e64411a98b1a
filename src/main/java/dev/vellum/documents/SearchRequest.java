package dev.vellum.documents;

import dev.vellum.error.VellumException;
import dev.vellum.query.BodyPath;
import dev.vellum.query.FieldRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated {@link AsyncDb#searchDocuments} call: the term as the client typed it, the body
 * fields to look in (empty: every string value of the document) and how many results to return.
 * Search answers a "best matches" list, not an export, so it stops at {@value #MAX_LIMIT}.
 */
record SearchRequest(String term, List<String> fields, int limit) {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_TERM_LENGTH = 1000;

    static SearchRequest of(String term, List<String> fields, int limit) {
        String text = term == null ? "" : term;
        if (text.length() > MAX_TERM_LENGTH) {
            throw VellumException.validation("the search term is longer than " + MAX_TERM_LENGTH + " characters",
                    Map.of("field", "q"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw VellumException.validation("'limit' must be an integer from 1 to " + MAX_LIMIT, Map.of("field", "limit"));
        }
        return new SearchRequest(text, paths(fields == null ? List.of() : fields), limit);
    }

    /** A blank term matches nothing, and is answered without asking the database. */
    boolean blank() {
        return term.isBlank();
    }

    boolean allFields() {
        return fields.isEmpty();
    }

    String[] fieldArray() {
        return fields.toArray(String[]::new);
    }

    private static List<String> paths(List<String> fields) {
        if (fields.size() > Selection.MAX_FIELDS) {
            throw VellumException.validation("search names at most " + Selection.MAX_FIELDS + " fields",
                    Map.of("field", "fields"));
        }
        Set<String> paths = new LinkedHashSet<>();
        for (String name : fields) {
            if (name == null || name.isBlank()) {
                throw VellumException.validation("fields has an empty field name", Map.of("field", "fields"));
            }
            FieldRef field = DocumentFields.parse(name.strip(), "fields");
            if (!(field instanceof BodyPath path)) {
                throw VellumException.validation("search looks in body fields only; '" + name.strip()
                        + "' is a system field", Map.of("field", "fields"));
            }
            paths.add(path.publicName());
        }
        return List.copyOf(paths);
    }
}
