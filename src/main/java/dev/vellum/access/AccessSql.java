package dev.vellum.access;

import dev.vellum.auth.Caller;
import dev.vellum.query.ConditionRenderer;
import dev.vellum.sql.SqlBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders what an action's entries grant a caller as a condition on {@code documents}' own
 * columns ({@code owner}, {@code body}, ...), appended as {@code " and ..."}. Entries that cannot
 * apply to the caller (owner or a role for a visitor) are left out in Java; roles are checked in
 * the same statement against {@code app_users}, so a role change applies to the next statement.
 * The secret key without a token adds nothing. Pure.
 */
public final class AccessSql {

    private AccessSql() {
    }

    /** Whether the caller is not narrowed by access rules at all: the secret key acting for the project. */
    public static boolean unrestricted(Caller caller) {
        return caller.keyKind() == Caller.KeyKind.SECRET && !caller.isUser();
    }

    /** Appends {@code " and <what the entries grant>"}, or nothing when they grant every document. */
    public static void narrow(AccessRules rules, Action action, Caller caller, SqlBuilder sql) {
        if (unrestricted(caller)) {
            return;
        }
        List<Grant> applicable = new ArrayList<>();
        for (Grant grant : rules.of(action)) {
            if (applies(grant.who(), caller)) {
                if (grant.where().isEmpty() && !(grant.who() instanceof Who.Owner) && !(grant.who() instanceof Who.Role)) {
                    return; // an unconditional grant: every document
                }
                applicable.add(grant);
            }
        }
        if (applicable.isEmpty()) {
            sql.sql(" and false");
            return;
        }
        if (applicable.size() == 1 && applicable.get(0).where().isEmpty() && applicable.get(0).who() instanceof Who.Owner) {
            sql.sql(" and owner = ").param(caller.userId()); // the default, exactly as before access rules
            return;
        }
        sql.sql(" and (");
        for (int i = 0; i < applicable.size(); i++) {
            sql.sql(i == 0 ? "(" : " or (");
            grant(applicable.get(i), caller, sql);
            sql.sql(")");
        }
        sql.sql(")");
    }

    /** Whether an entry can grant this caller anything, before looking at documents. */
    public static boolean applies(Who who, Caller caller) {
        if (who instanceof Who.Nobody) {
            return false;
        }
        return who instanceof Who.Public || caller.isUser();
    }

    private static void grant(Grant grant, Caller caller, SqlBuilder sql) {
        boolean first = true;
        if (grant.who() instanceof Who.Owner) {
            sql.sql("owner = ").param(caller.userId());
            first = false;
        } else if (grant.who() instanceof Who.Role role) {
            sql.sql("exists (select 1 from app_users as r where r.project_id = ").param(caller.projectId())
                    .sql(" and r.id = ").param(caller.userId()).sql(" and r.roles @> jsonb_build_array(")
                    .param(role.name(), "text").sql("))");
            first = false;
        }
        if (grant.where().isPresent()) {
            if (!first) {
                sql.sql(" and ");
            }
            ConditionRenderer.render(grant.where().get(), sql);
        } else if (first) {
            sql.sql("true");
        }
    }
}
