package dev.vellum.api;

import dev.vellum.error.VellumException;
import dev.vellum.users.AppUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Related users as a secret key sees them (a signed-in user gets
 * {@link dev.vellum.users.PublicProfile public profiles} instead): the full user
 * ({@link UserJson#user}, never a hash), cut down to {@code select} (top-level fields or {@code data.a.b} paths; {@code id} is always kept).
 */
final class RelationshipJson {

    private static final Set<String> TOP = Set.of("id", "email", "roles", "data", "created_at", "updated_at");

    private RelationshipJson() {
    }

    static void checkSelect(List<String> select) {
        for (String name : select) {
            String top = name.strip().split("\\.", -1)[0];
            boolean ok = !name.isBlank() && TOP.contains(top) && (top.equals(name.strip()) || top.equals("data"))
                    && !name.strip().contains("..") && !name.strip().endsWith(".");
            if (!ok) {
                throw VellumException.validation("select names user fields: id, email, roles, data, data.<path>, created_at, updated_at",
                        Map.of("field", "select"));
            }
        }
    }

    static Map<String, Object> full(AppUser user, List<String> select) {
        Map<String, Object> json = UserJson.user(user);
        if (select.isEmpty()) {
            return json;
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("id", user.id());
        ObjectNode partial = JsonNodeFactory.instance.objectNode();
        for (String raw : select) {
            String name = raw.strip();
            if (!name.startsWith("data.")) {
                kept.put(name, json.get(name));
                continue;
            }
            String[] path = name.substring("data.".length()).split("\\.");
            JsonNode value = user.data();
            for (String segment : path) {
                value = value == null ? null : value.get(segment);
            }
            if (value != null) {
                put(partial, path, value);
            }
        }
        if (!kept.containsKey("data") && !partial.isEmpty()) {
            kept.put("data", partial);
        }
        return kept;
    }

    /**
     * The {@code data} objects of rendered related users (full maps or public profiles), each
     * replaced by a copy so populating them in place never touches the users themselves.
     */
    @SuppressWarnings("unchecked")
    static List<ObjectNode> dataOf(List<Object> related) {
        List<ObjectNode> data = new ArrayList<>();
        for (Object user : related) {
            if (user instanceof ObjectNode node && node.get("data") instanceof ObjectNode object) {
                ObjectNode copy = object.deepCopy();
                node.set("data", copy);
                data.add(copy);
            } else if (user instanceof Map<?, ?> map && map.get("data") instanceof ObjectNode object) {
                ObjectNode copy = object.deepCopy();
                ((Map<String, Object>) map).put("data", copy);
                data.add(copy);
            }
        }
        return data;
    }

    private static void put(ObjectNode target, String[] path, JsonNode value) {
        ObjectNode node = target;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(path[i]);
        }
        node.set(path[path.length - 1], value);
    }
}
