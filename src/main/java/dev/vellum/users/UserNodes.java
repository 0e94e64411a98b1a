package dev.vellum.users;

import dev.vellum.store.Timestamps;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A user as JSON: {@code {"id", "email", "roles", "data", "created_at", "updated_at"}}, never a password or hash. */
public final class UserNodes {

    private UserNodes() {
    }

    public static ObjectNode render(AppUser user) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", user.id());
        json.put("email", user.email());
        user.roles().forEach(json.putArray("roles")::add);
        json.set("data", user.data());
        json.put("created_at", Timestamps.format(user.createdAt()));
        json.put("updated_at", Timestamps.format(user.updatedAt()));
        return json;
    }
}
