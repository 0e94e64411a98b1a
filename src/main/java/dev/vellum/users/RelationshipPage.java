package dev.vellum.users;

import java.util.List;

/** One page of related users, how many match in all, and whether more follow. */
public record RelationshipPage(List<AppUser> users, long total, boolean hasMore) {

    public RelationshipPage {
        users = List.copyOf(users);
    }
}
