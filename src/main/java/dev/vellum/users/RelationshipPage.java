package dev.vellum.users;

import java.util.List;

/** One page of related users, how many match in all (estimated when {@code countEstimated}), and whether more follow. */
public record RelationshipPage(List<AppUser> users, long total, boolean hasMore, boolean countEstimated) {

    public RelationshipPage {
        users = List.copyOf(users);
    }
}
