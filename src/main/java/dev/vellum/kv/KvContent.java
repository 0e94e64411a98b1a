package dev.vellum.kv;

import dev.vellum.error.VellumException;
import java.math.BigDecimal;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks a full-document body against the rules every Vellum document keeps: an object or an
 * array, no top-level {@code _} fields (system fields are shown there), at most 32 levels deep
 * (the sub-document API relies on it), numbers that read back (1000 digits written out).
 */
final class KvContent {

    static final int MAX_DEPTH = 32;
    static final int MAX_NUMBER_DIGITS = 1000;

    private KvContent() {
    }

    static JsonNode require(JsonNode content) {
        if (!content.isObject() && !content.isArray()) {
            throw VellumException.validation("the document content must be a JSON object or array");
        }
        for (String name : content.propertyNames()) {
            if (name.startsWith("_")) {
                throw VellumException.validation("fields starting with '_' are reserved for the system",
                        Map.of("field", name));
            }
        }
        check(content, 1);
        return content;
    }

    private static void check(JsonNode value, int depth) {
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue();
            long digits = Math.max(1, (long) number.precision() - number.scale()) + Math.max(0, number.scale());
            if (digits > MAX_NUMBER_DIGITS) {
                throw VellumException.validation("numbers are limited to " + MAX_NUMBER_DIGITS + " digits written out in full");
            }
        }
        if (!value.isContainer()) {
            return;
        }
        if (depth > MAX_DEPTH) {
            throw VellumException.validation("documents nest at most " + MAX_DEPTH + " levels");
        }
        for (JsonNode child : value.values()) {
            check(child, depth + 1);
        }
    }
}
