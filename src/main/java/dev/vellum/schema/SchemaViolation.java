package dev.vellum.schema;

import java.util.LinkedHashMap;
import java.util.Map;

/** One place a document fails its collection's schema: the JSON pointer into the document, the keyword, why. */
public record SchemaViolation(String pointer, String keyword, String message) {

    Map<String, Object> toDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pointer", pointer);
        details.put("keyword", keyword);
        details.put("message", message);
        return details;
    }
}
