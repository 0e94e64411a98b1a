package dev.vellum.users;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** An app user of one project as stored, without the password hash (that never leaves the store). */
public record AppUser(long projectId, String id, String email, List<String> roles, ObjectNode data,
                      Instant createdAt, Instant updatedAt, long version, long tokenVersion) {

    public AppUser {
        roles = List.copyOf(roles);
    }
}
