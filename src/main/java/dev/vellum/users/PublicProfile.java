package dev.vellum.users;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a signed-in user sees other app users: {@code {"id"}} plus, when the project's
 * {@code settings.public_user_fields} lists top-level data field names, {@code "data"} holding
 * only those of the listed fields the user has. Never email, roles or timestamps.
 */
public record PublicProfile(List<String> fields) {

    /** No public data fields: profiles are {@code {"id"}}. */
    public static final PublicProfile ID_ONLY = new PublicProfile(List.of());

    public PublicProfile {
        fields = List.copyOf(fields);
    }

    /** The setting's value: an array of strings; anything else (or non-string entries) is ignored. */
    public static PublicProfile of(JsonNode setting) {
        if (setting == null || !setting.isArray()) {
            return ID_ONLY;
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        setting.forEach(name -> {
            if (name.isString() && !name.stringValue().isEmpty()) {
                names.add(name.stringValue());
            }
        });
        return new PublicProfile(new ArrayList<>(names));
    }

    public ObjectNode render(AppUser user) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", user.id());
        if (fields.isEmpty()) {
            return json;
        }
        ObjectNode data = json.putObject("data");
        JsonNode source = user.data();
        for (String field : fields) {
            JsonNode value = source == null ? null : source.get(field);
            if (value != null) {
                data.set(field, value);
            }
        }
        return json;
    }
}
