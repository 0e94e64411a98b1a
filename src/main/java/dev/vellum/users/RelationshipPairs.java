package dev.vellum.users;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Which relationship answers which: {@code followers} of a user are the users whose
 * {@code following_ids} hold it, and the other way round; any other type pairs with itself
 * ({@code friends}). A project may add or override pairs in {@code projects.settings}
 * {@code {"relationship_pairs": {"fans": "idols"}}}; a pair works both ways unless the other
 * side is configured too. Invalid entries are ignored.
 */
public final class RelationshipPairs {

    static final Map<String, String> DEFAULTS = Map.of("followers", "following", "following", "followers");

    private final Map<String, String> pairs;

    private RelationshipPairs(Map<String, String> pairs) {
        this.pairs = Map.copyOf(pairs);
    }

    public static RelationshipPairs defaults() {
        return new RelationshipPairs(DEFAULTS);
    }

    /** The defaults overlaid with a project's {@code relationship_pairs} object (null or not an object: none). */
    public static RelationshipPairs configured(JsonNode settingsPairs) {
        Map<String, String> pairs = new HashMap<>(DEFAULTS);
        if (settingsPairs == null || !settingsPairs.isObject()) {
            return new RelationshipPairs(pairs);
        }
        Map<String, String> explicit = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : settingsPairs.properties()) {
            JsonNode value = entry.getValue();
            if (RelationshipType.valid(entry.getKey()) && value.isString() && RelationshipType.valid(value.stringValue())) {
                explicit.put(entry.getKey(), value.stringValue());
            }
        }
        explicit.forEach((type, pair) -> {
            pairs.put(type, pair);
            if (!explicit.containsKey(pair)) {
                pairs.put(pair, type);
            }
        });
        return new RelationshipPairs(pairs);
    }

    /** The type whose lists hold the reverse side of {@code type}. */
    public RelationshipType pairOf(RelationshipType type) {
        return new RelationshipType(pairs.getOrDefault(type.name(), type.name()));
    }
}
