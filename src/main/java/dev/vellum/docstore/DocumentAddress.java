package dev.vellum.docstore;

import dev.vellum.auth.Caller;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.SqlBuilder;

/**
 * One document by key as a caller sees it (KV and sub-document routes): the Datastore's visibility rules (live, unexpired,
 * the user's own when a user calls) applied to a single key. Statements alias the table {@code d}.
 */
public record DocumentAddress(long projectId, String collection, String key, String owner) {

    /** A row that exists for everyone: not deleted or archived, not expired. */
    static final String ALIVE = "d.state = 'live' and (d.expires_at is null or d.expires_at > now())";

    /** A row its owner can still bring back: archived, or deleted by a Datastore op under a ref (not a KV tombstone). */
    static final String RESTORABLE = "(d.state <> 'live' and d.state_ref is not null)";

    public static DocumentAddress of(Caller caller, String collection, String key) {
        return new DocumentAddress(caller.projectId(), collection, key, caller.userId());
    }

    /** Appends the condition for "this row, and the caller may see it". */
    void visible(SqlBuilder sql) {
        sql.sql("d.project_id = ").param(projectId).sql(" and d.collection = ").param(collection)
                .sql(" and d.key = ").param(key).sql(" and ").sql(ALIVE);
        if (owner != null) {
            sql.sql(" and d.owner = ").param(owner);
        }
    }

    /** The owner a document written by this caller gets: the user, or none for a secret key. */
    void ownerValue(SqlBuilder sql) {
        if (owner != null) {
            sql.param(owner, "text");
        } else {
            sql.param(new NullParam(String.class), "text");
        }
    }
}
