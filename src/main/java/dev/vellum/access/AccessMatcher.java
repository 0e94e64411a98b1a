package dev.vellum.access;

import dev.vellum.auth.Caller;
import dev.vellum.query.InMemoryMatcher;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides in memory what {@link AccessSql} renders: whether an action's entries grant a caller one
 * document, given the caller's roles. The document carries its system fields at top level
 * ({@code _userkey} is its owner), as {@link InMemoryMatcher} reads them, and each {@code where}
 * is evaluated by that matcher, which the SQL renderer is checked against. Pure.
 */
public final class AccessMatcher {

    private AccessMatcher() {
    }

    public static boolean grants(AccessRules rules, Action action, Caller caller, Set<String> roles, ObjectNode document) {
        if (AccessSql.unrestricted(caller)) {
            return true;
        }
        for (Grant grant : rules.of(action)) {
            if (AccessSql.applies(grant.who(), caller) && names(grant.who(), caller, roles, document)
                    && grant.where().map(where -> InMemoryMatcher.matches(where, document)).orElse(true)) {
                return true;
            }
        }
        return false;
    }

    /** Whether deciding for this caller needs its roles: some entry that can apply to it names a role. */
    public static boolean needsRoles(AccessRules rules, Action action, Caller caller) {
        return !AccessSql.unrestricted(caller) && caller.isUser()
                && rules.of(action).stream().anyMatch(grant -> grant.who() instanceof Who.Role);
    }

    private static boolean names(Who who, Caller caller, Set<String> roles, ObjectNode document) {
        if (who instanceof Who.Owner) {
            JsonNode owner = document.get("_userkey");
            return owner != null && owner.isString() && owner.stringValue().equals(caller.userId());
        }
        if (who instanceof Who.Role role) {
            return roles.contains(role.name());
        }
        return true;
    }
}
