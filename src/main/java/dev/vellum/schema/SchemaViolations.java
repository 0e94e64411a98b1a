package dev.vellum.schema;

import dev.vellum.error.VellumException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a document's schema violations as the VALIDATION_ERROR the client sees. */
final class SchemaViolations {

    private SchemaViolations() {
    }

    static VellumException error(String collection, CheckedDocument document, List<SchemaViolation> found) {
        Integer index = document.index();
        List<SchemaViolation> reported = found.subList(0, Math.min(found.size(), DocumentSchema.MAX_REPORTED));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("collection", collection);
        if (index != null) {
            details.put("index", index);
        }
        if (document.key() != null) {
            details.put("key", document.key());
        }
        details.put("pointers", reported.stream().map(SchemaViolation::pointer).distinct().toList());
        List<Map<String, Object>> violations = new ArrayList<>();
        reported.forEach(violation -> violations.add(violation.toDetails()));
        details.put("violations", violations);
        if (found.size() > reported.size()) {
            details.put("more", found.size() - reported.size());
        }
        SchemaViolation first = found.get(0);
        String where = first.pointer().isEmpty() ? "the document" : first.pointer();
        return VellumException.validation("the document" + (index == null ? "" : " at index " + index)
                + " does not match the collection's schema: " + where + ": " + first.message(), details);
    }
}
