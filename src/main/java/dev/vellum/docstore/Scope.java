package dev.vellum.docstore;

import dev.vellum.auth.Caller;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.SqlBuilder;

/**
 * Which documents a request may see: one project's collection, live and unexpired, and only the
 * signed-in user's own when the caller is a user. Every statement starts from this.
 */
public record Scope(long projectId, String collection, String owner) {

    public static Scope of(Caller caller, String collection) {
        return new Scope(caller.projectId(), collection, caller.userId());
    }

    /** Same project and owner rules, another collection (lookups). */
    public Scope in(String otherCollection) {
        return new Scope(projectId, otherCollection, owner);
    }

    /** Appends the rows this scope may touch in state {@code live}. */
    public void live(SqlBuilder sql) {
        sql.sql("project_id = ").param(projectId).sql(" and collection = ").param(collection)
                .sql(" and state = 'live' and (expires_at is null or expires_at > now())");
        ownerOnly(sql);
    }

    public void ownerOnly(SqlBuilder sql) {
        if (owner != null) {
            sql.sql(" and owner = ").param(owner);
        }
    }

    /** The owner a new document gets: the user, or none for a secret key. */
    public void ownerValue(SqlBuilder sql) {
        if (owner != null) {
            sql.param(owner, "text");
        } else {
            sql.param(new NullParam(String.class), "text");
        }
    }
}
