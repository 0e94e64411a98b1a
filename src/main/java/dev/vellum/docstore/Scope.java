package dev.vellum.docstore;

import dev.vellum.access.AccessRules;
import dev.vellum.access.AccessSql;
import dev.vellum.access.Action;
import dev.vellum.access.Who;
import dev.vellum.auth.Caller;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.SqlBuilder;
import java.util.function.Function;

/**
 * Which documents a request may see and change: one project's collection, live and unexpired,
 * narrowed by the collection's access rules for the caller (the owner's own by default; the
 * secret key sees all). Every statement starts from this. {@code collection} is the name users
 * see; {@code storage} is where its documents live now ({@link CollectionStorage}), the value
 * statements bind for {@code documents.collection}. {@code rulesOf} and {@code storageOf} give
 * another collection's rules and storage, for lookups and populate.
 */
public record Scope(Caller caller, String collection, String storage, AccessRules rules,
                    Function<String, AccessRules> rulesOf, Function<String, String> storageOf) {

    /** Default rules everywhere and storage = name (tests of rendered SQL); requests get theirs from {@link Scopes}. */
    public static Scope of(Caller caller, String collection) {
        return new Scope(caller, collection, collection, AccessRules.DEFAULT, other -> AccessRules.DEFAULT, other -> other);
    }

    /** The secret key when {@code owner} is null, else that user with a public key; default rules, storage = name. */
    public Scope(long projectId, String collection, String owner) {
        this(new Caller(projectId, owner == null ? Caller.KeyKind.SECRET : Caller.KeyKind.PUBLIC, owner), collection,
                collection, AccessRules.DEFAULT, other -> AccessRules.DEFAULT, other -> other);
    }

    public long projectId() {
        return caller.projectId();
    }

    /** The signed-in user, null for a key alone. */
    public String owner() {
        return caller.userId();
    }

    /** Same caller, another collection with its own rules (lookups, populate). */
    public Scope in(String otherCollection) {
        return new Scope(caller, otherCollection, storageOf.apply(otherCollection), rulesOf.apply(otherCollection), rulesOf,
                storageOf);
    }

    /** Appends the rows this scope may read in state {@code live}. */
    public void live(SqlBuilder sql) {
        sql.sql("project_id = ").param(projectId()).sql(" and collection = ").param(storage)
                .sql(" and state = 'live' and (expires_at is null or expires_at > now())");
        readable(sql);
    }

    /** Appends the live rows this scope may read and also {@code action} (update or delete). */
    public void live(SqlBuilder sql, Action action) {
        live(sql);
        if (!actsAsReads(action)) {
            AccessSql.narrow(rules, action, caller, sql);
        }
    }

    /** Appends {@code " and ..."}: what the read rule lets the caller see. */
    public void readable(SqlBuilder sql) {
        AccessSql.narrow(rules, Action.READ, caller, sql);
    }

    /** Appends {@code " and ..."}: what the read rule and {@code action} allow (the read rule once when they are the same). */
    public void readableAnd(Action action, SqlBuilder sql) {
        readable(sql);
        if (!actsAsReads(action)) {
            allows(action, sql);
        }
    }

    /** Appends {@code " and ..."}: what {@code action} allows, without the read rule. */
    public void allows(Action action, SqlBuilder sql) {
        AccessSql.narrow(rules, action, caller, sql);
    }

    /** Whether every document this caller could create passes the create rule, so none needs checking. */
    public boolean createsFreely() {
        return AccessSql.unrestricted(caller) || rules.of(Action.CREATE).stream().anyMatch(grant -> grant.where().isEmpty()
                && !(grant.who() instanceof Who.Role) && AccessSql.applies(grant.who(), caller));
    }

    /** Whether {@code action} narrows the caller exactly as reading does: what they can read, they may change. */
    public boolean actsAsReads(Action action) {
        return AccessSql.unrestricted(caller) || rules.of(action).equals(rules.of(Action.READ));
    }

    /** The owner a new document gets: the user, or none for a key alone. */
    public void ownerValue(SqlBuilder sql) {
        if (caller.isUser()) {
            sql.param(caller.userId(), "text");
        } else {
            sql.param(new NullParam(String.class), "text");
        }
    }
}
