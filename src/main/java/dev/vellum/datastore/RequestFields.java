package dev.vellum.datastore;

import dev.vellum.error.VellumException;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Typed access to the top-level fields of a request object, refusing unknown fields. */
public final class RequestFields {

    private final JsonNode body;

    public RequestFields(JsonNode body, Set<String> allowed) {
        this.body = body;
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                throw VellumException.validation("unknown field '" + name + "'", Map.of("field", name));
            }
        }
    }

    public boolean has(String name) {
        JsonNode value = body.get(name);
        return value != null && !value.isNull();
    }

    public JsonNode node(String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public String string(String name, boolean required) {
        JsonNode value = node(name);
        if (value == null) {
            if (required) {
                throw VellumException.validation("'" + name + "' is required", Map.of("field", name));
            }
            return null;
        }
        if (!value.isString()) {
            throw VellumException.validation("'" + name + "' must be a string", Map.of("field", name));
        }
        return value.asString();
    }

    public int integer(String name, int defaultValue, int min, int max) {
        JsonNode value = node(name);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw VellumException.validation("'" + name + "' must be an integer from " + min + " to " + max,
                    Map.of("field", name));
        }
        return value.asInt();
    }

    boolean bool(String name) {
        JsonNode value = node(name);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw VellumException.validation("'" + name + "' must be true or false", Map.of("field", name));
        }
        return value.asBoolean();
    }

    JsonNode object(String name, boolean required) {
        JsonNode value = node(name);
        if (value == null) {
            if (required) {
                throw VellumException.validation("'" + name + "' is required", Map.of("field", name));
            }
            return null;
        }
        if (!value.isObject()) {
            throw VellumException.validation("'" + name + "' must be a JSON object", Map.of("field", name));
        }
        return value;
    }
}
