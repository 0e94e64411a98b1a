package dev.vellum.query;

import dev.vellum.error.VellumException;
import java.util.Map;

/** Builds the VALIDATION_ERROR every query parser throws, naming the client's field. */
final class QueryErrors {

    private QueryErrors() {
    }

    static VellumException invalid(String field, String message) {
        return VellumException.validation(message, Map.of("field", field == null ? "" : field));
    }
}
