package dev.vellum.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The keys one document holds for one populated field, and the field that receives what they
 * resolve to. {@code populate=author} reads {@code author} (a key, or an array of keys) and
 * replaces it; when {@code author} is absent or null it reads {@code author_id} (a key) or
 * {@code author_ids} (an array of keys) and adds {@code author}, keeping the id field. Any other
 * value (a number, an object, an array with a non-string) is not a reference and stays as it is.
 */
record ReferenceSlot(String target, boolean many, List<String> keys) {

    ReferenceSlot {
        keys = List.copyOf(keys);
    }

    static Optional<ReferenceSlot> of(ObjectNode doc, String field) {
        JsonNode value = doc.get(field);
        if (value != null && !value.isNull()) {
            return read(field, value);
        }
        if (field.endsWith("_id") || field.endsWith("_ids")) {
            return Optional.empty();
        }
        JsonNode one = doc.get(field + "_id");
        if (one != null && one.isString()) {
            return Optional.of(new ReferenceSlot(field, false, List.of(one.stringValue())));
        }
        JsonNode many = doc.get(field + "_ids");
        if (many != null && many.isArray()) {
            return read(field, many);
        }
        return Optional.empty();
    }

    private static Optional<ReferenceSlot> read(String target, JsonNode value) {
        if (value.isString()) {
            return Optional.of(new ReferenceSlot(target, false, List.of(value.stringValue())));
        }
        if (!value.isArray()) {
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode item : value.values()) {
            if (!item.isString()) {
                return Optional.empty();
            }
            keys.add(item.stringValue());
        }
        return Optional.of(new ReferenceSlot(target, true, keys));
    }

    /** A key without a visible match becomes null; in a list it is dropped. */
    void fill(ObjectNode doc, Map<String, ? extends JsonNode> byKey) {
        if (!many) {
            JsonNode found = byKey.get(keys.get(0));
            doc.set(target, found == null ? JsonNodeFactory.instance.nullNode() : found.deepCopy());
            return;
        }
        ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
        for (String key : keys) {
            JsonNode found = byKey.get(key);
            if (found != null) {
                resolved.add(found.deepCopy());
            }
        }
        doc.set(target, resolved);
    }
}
