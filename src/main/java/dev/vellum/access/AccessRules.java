package dev.vellum.access;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A collection's parsed {@code access} setting: for each action, the entries that grant it. */
public record AccessRules(Map<Action, List<Grant>> grants) {

    /** Today's rule for every action: the document's owner only. */
    public static final AccessRules DEFAULT = new AccessRules(Map.of());

    public AccessRules {
        Map<Action, List<Grant>> copy = new EnumMap<>(Action.class);
        grants.forEach((action, list) -> copy.put(action, List.copyOf(list)));
        grants = Map.copyOf(copy);
    }

    /** The entries for {@code action}; an action the setting leaves out keeps the default (owner). */
    public List<Grant> of(Action action) {
        return grants.getOrDefault(action, List.of(Grant.owner()));
    }

    /** Whether any entry of any action grants a caller with a public key and no token. */
    public boolean grantsVisitors() {
        return grants.values().stream().flatMap(List::stream).anyMatch(grant -> grant.who() instanceof Who.Public);
    }

    /** Whether some entry of {@code action} grants a caller with a public key and no token. */
    public boolean grantsVisitors(Action action) {
        return of(action).stream().anyMatch(grant -> grant.who() instanceof Who.Public);
    }
}
