package dev.vellum.users;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The relationship types a signed-in user may use: {@code following} and {@code followers}, every
 * type named (on either side) in {@code projects.settings.relationship_pairs}, and the names listed
 * in {@code projects.settings.relationship_types} ({@code ["friends", "teammates"]}). Any other
 * {@code <type>_ids} field is private data: a reverse lookup on it would list whoever holds the
 * caller there (a {@code blocked_ids} list), and a bidirectional add would write into another
 * user's {@code data}. Invalid entries are ignored. A secret key is not limited by this list.
 */
public final class UserRelationshipTypes {

    private final Set<String> names;

    private UserRelationshipTypes(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** From the two settings entries (null or the wrong shape: none of that entry). */
    public static UserRelationshipTypes configured(JsonNode pairsSetting, JsonNode typesSetting) {
        Set<String> names = new HashSet<>(RelationshipPairs.DEFAULTS.keySet());
        if (pairsSetting != null && pairsSetting.isObject()) {
            for (Map.Entry<String, JsonNode> entry : pairsSetting.properties()) {
                JsonNode value = entry.getValue();
                if (RelationshipType.valid(entry.getKey()) && value.isString() && RelationshipType.valid(value.stringValue())) {
                    names.add(entry.getKey());
                    names.add(value.stringValue());
                }
            }
        }
        if (typesSetting != null && typesSetting.isArray()) {
            for (JsonNode name : typesSetting) {
                if (name.isString() && RelationshipType.valid(name.stringValue())) {
                    names.add(name.stringValue());
                }
            }
        }
        return new UserRelationshipTypes(names);
    }

    public boolean allows(RelationshipType type) {
        return names.contains(type.name());
    }
}
