package dev.vellum.docstore;

import dev.vellum.access.AccessRules;
import dev.vellum.access.AccessSql;
import dev.vellum.access.Action;
import dev.vellum.auth.Caller;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.SqlBuilder;

/**
 * One document by key as a caller sees it (KV and sub-document routes): the Datastore's
 * visibility rules (live, unexpired, the collection's access rules for the caller) applied to a
 * single key. Statements alias the table {@code d}. An address starts with the default rules;
 * {@link KeyedDocuments} gives it the collection's current ones, and its current storage (see
 * {@link Scope}), before running anything.
 */
public record DocumentAddress(Caller caller, String collection, String key, AccessRules rules, String storage) {

    /** A row that exists for everyone: not deleted or archived, not expired. */
    static final String ALIVE = "d.state = 'live' and (d.expires_at is null or d.expires_at > now())";

    /** A row its owner can still bring back: archived, or deleted by a Datastore op under a ref (not a KV tombstone). */
    static final String RESTORABLE = "(d.state <> 'live' and d.state_ref is not null)";

    public static DocumentAddress of(Caller caller, String collection, String key) {
        return new DocumentAddress(caller, collection, key, AccessRules.DEFAULT, collection);
    }

    /** The secret key when {@code owner} is null, else that user with a public key; default rules. */
    public DocumentAddress(long projectId, String collection, String key, String owner) {
        this(new Caller(projectId, owner == null ? Caller.KeyKind.SECRET : Caller.KeyKind.PUBLIC, owner), collection, key,
                AccessRules.DEFAULT, collection);
    }

    public long projectId() {
        return caller.projectId();
    }

    /** The signed-in user, null for a key alone. */
    public String owner() {
        return caller.userId();
    }

    DocumentAddress bind(AccessRules current, String currentStorage) {
        return new DocumentAddress(caller, collection, key, current, currentStorage);
    }

    /**
     * Whether this caller's statements are the ones from before access rules: the secret key, or
     * a user in a collection with the default rules (then {@link #owner()} narrows everything).
     */
    boolean ownerRules() {
        return AccessSql.unrestricted(caller) || caller.isUser() && rules.equals(AccessRules.DEFAULT);
    }

    /** Appends the condition for "this row, and the caller may read it". */
    void visible(SqlBuilder sql) {
        sql.sql("d.project_id = ").param(projectId()).sql(" and d.collection = ").param(storage)
                .sql(" and d.key = ").param(key).sql(" and ").sql(ALIVE);
        if (!ownerRules()) {
            AccessSql.narrow(rules, Action.READ, caller, sql);
        } else if (caller.isUser()) {
            sql.sql(" and d.owner = ").param(caller.userId());
        }
    }

    /** Appends the condition for "this row, and the caller may read it and do {@code action}". */
    void visible(SqlBuilder sql, Action action) {
        visible(sql);
        if (!ownerRules() && !rules.of(action).equals(rules.of(Action.READ))) {
            AccessSql.narrow(rules, action, caller, sql);
        }
    }

    /** Appends {@code " and ..."}: what {@code action} allows, without the read rule. */
    void allows(Action action, SqlBuilder sql) {
        AccessSql.narrow(rules, action, caller, sql);
    }

    /** The owner a document written by this caller gets: the user, or none for a key alone. */
    void ownerValue(SqlBuilder sql) {
        sql.param(ownerParam(), "text");
    }

    /** {@link #ownerValue} as a parameter value. */
    Object ownerParam() {
        return caller.isUser() ? caller.userId() : new NullParam(String.class);
    }

    /** A stored owner as a parameter value. */
    static Object ownerParam(String owner) {
        return owner == null ? new NullParam(String.class) : owner;
    }
}
