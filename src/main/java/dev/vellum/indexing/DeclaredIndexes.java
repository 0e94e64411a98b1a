package dev.vellum.indexing;

import dev.vellum.error.VellumException;
import dev.vellum.query.BodyPath;
import dev.vellum.query.FieldRef;
import dev.vellum.query.IndexSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code indexes} setting of a collection:
 * {@code [{"fields": [["age", "asc"], ["name", "desc"]]}, ...]}, body fields only (system fields
 * have their own indexes), at most {@link #MAX_INDEXES} indexes of at most
 * {@link IndexSpec#MAX_COLUMNS} fields.
 */
public final class DeclaredIndexes {

    public static final int MAX_INDEXES = 8;

    private DeclaredIndexes() {
    }

    public static List<IndexSpec> parse(JsonNode value) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > MAX_INDEXES) {
            throw invalid("indexes", "indexes must be an array of at most " + MAX_INDEXES + " indexes");
        }
        LinkedHashSet<IndexSpec> specs = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            specs.add(index(value.get(i), "indexes[" + i + "]"));
        }
        return List.copyOf(specs);
    }

    private static IndexSpec index(JsonNode index, String where) {
        JsonNode fields = index.isObject() ? index.get("fields") : null;
        if (fields == null || !fields.isArray() || fields.isEmpty() || fields.size() > IndexSpec.MAX_COLUMNS
                || index.size() != 1) {
            throw invalid(where, where + " must be {\"fields\": [[field, \"asc\"|\"desc\"], ...]} with 1 to "
                    + IndexSpec.MAX_COLUMNS + " fields");
        }
        List<IndexSpec.Column> columns = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            columns.add(column(fields.get(i), where + ".fields[" + i + "]"));
        }
        return IndexSpec.sort(columns);
    }

    private static IndexSpec.Column column(JsonNode field, String where) {
        boolean pair = field.isArray() && field.size() == 2 && field.get(0).isString() && field.get(1).isString();
        String direction = pair ? field.get(1).stringValue() : "";
        if (!pair || !(direction.equals("asc") || direction.equals("desc"))) {
            throw invalid(where, where + " must be [field, \"asc\"|\"desc\"]");
        }
        FieldRef ref;
        try {
            ref = FieldRef.parse(field.get(0).stringValue());
        } catch (VellumException e) {
            throw invalid(where, where + ": " + e.getMessage());
        }
        if (!(ref instanceof BodyPath path)) {
            throw invalid(where, where + ": system fields have their own indexes");
        }
        return new IndexSpec.Column(path.segments(), direction.equals("desc"));
    }

    private static VellumException invalid(String field, String message) {
        return VellumException.validation(message, Map.of("field", field));
    }
}
