package dev.vellum.error;

import java.util.LinkedHashMap;
import java.util.Map;

/** The body every error leaves with, over HTTP and as a change feed's final event: {@code {"error": {"code", "message", "details"}}}. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Map<String, Object> of(VellumException error) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", error.code().name());
        inner.put("message", error.getMessage());
        inner.put("details", error.details());
        return Map.of("error", inner);
    }
}
