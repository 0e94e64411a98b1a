package dev.vellum.docstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The keys one document holds for one referenced field, and where what they resolve to goes:
 * field {@code target} of {@code holder}. A key without a visible match becomes null; in a list
 * it is dropped. The two policies read slots differently ({@link #lookedUp}, {@link #populated}).
 */
public record ReferenceSlot(ObjectNode holder, String target, boolean many, List<String> keys) {

    public ReferenceSlot {
        keys = List.copyOf(keys);
    }

    /**
     * The Datastore's {@code lookup}: the value at a dotted path, a key or a list (items that are
     * not strings are dropped); anything else, or a parent that is not an object, is no slot.
     */
    public static Optional<ReferenceSlot> lookedUp(ObjectNode doc, List<String> path) {
        JsonNode parent = doc;
        for (String segment : path.subList(0, path.size() - 1)) {
            parent = parent != null && parent.isObject() ? parent.get(segment) : null;
        }
        if (!(parent instanceof ObjectNode object)) {
            return Optional.empty();
        }
        String field = path.get(path.size() - 1);
        JsonNode value = object.get(field);
        if (value != null && value.isString()) {
            return Optional.of(new ReferenceSlot(object, field, false, List.of(value.asString())));
        }
        if (value != null && value.isArray()) {
            List<String> keys = new ArrayList<>();
            value.values().forEach(item -> {
                if (item.isString()) {
                    keys.add(item.asString());
                }
            });
            return Optional.of(new ReferenceSlot(object, field, true, keys));
        }
        return Optional.empty();
    }

    /**
     * The documents API's {@code populate=author}: reads {@code author} (a key, or an array of
     * keys) and replaces it; when {@code author} is absent or null it reads {@code author_id} (a
     * key) or {@code author_ids} (an array of keys) and adds {@code author}, keeping the id field.
     * Any other value (a number, an object, an array with a non-string) is not a reference.
     */
    public static Optional<ReferenceSlot> populated(ObjectNode doc, String field) {
        JsonNode value = doc.get(field);
        if (value != null && !value.isNull()) {
            return read(doc, field, value);
        }
        if (field.endsWith("_id") || field.endsWith("_ids")) {
            return Optional.empty();
        }
        JsonNode one = doc.get(field + "_id");
        if (one != null && one.isString()) {
            return Optional.of(new ReferenceSlot(doc, field, false, List.of(one.stringValue())));
        }
        JsonNode many = doc.get(field + "_ids");
        if (many != null && many.isArray()) {
            return read(doc, field, many);
        }
        return Optional.empty();
    }

    private static Optional<ReferenceSlot> read(ObjectNode doc, String target, JsonNode value) {
        if (value.isString()) {
            return Optional.of(new ReferenceSlot(doc, target, false, List.of(value.stringValue())));
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
        return Optional.of(new ReferenceSlot(doc, target, true, keys));
    }

    /**
     * Replaces the slot's field with what its keys resolved to. Every reference to one document
     * shares that document's node (answers are only written out, never changed after resolution);
     * {@code budget} counts each reference and refuses the answer past its cap.
     */
    public void fill(Map<String, ? extends JsonNode> byKey, ResolvedBytes budget) {
        if (!many) {
            JsonNode found = byKey.get(keys.get(0));
            if (found != null) {
                budget.add(target, found);
            }
            holder.set(target, found == null ? JsonNodeFactory.instance.nullNode() : found);
            return;
        }
        ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
        for (String key : keys) {
            JsonNode found = byKey.get(key);
            if (found != null) {
                budget.add(target, found);
                resolved.add(found);
            }
        }
        holder.set(target, resolved);
    }
}
