package dev.vellum.access;

import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.MatchParser;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Parses a collection's {@code access} setting; anything invalid is a VALIDATION_ERROR whose
 * {@code details.field} names the place ({@code access.update[1].who}). Pure.
 */
public final class AccessParser {

    /** Entries per action: enough for any sensible policy, small enough to render on every statement. */
    static final int MAX_ENTRIES = 16;
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private AccessParser() {
    }

    /** A missing or null setting is the default: owner only for every action. */
    public static AccessRules parse(JsonNode setting) {
        if (setting == null || setting.isMissingNode() || setting.isNull()) {
            return AccessRules.DEFAULT;
        }
        if (!setting.isObject()) {
            throw invalid("access", "access must be an object of read, create, update and delete lists");
        }
        Map<Action, List<Grant>> grants = new EnumMap<>(Action.class);
        for (Map.Entry<String, JsonNode> entry : setting.properties()) {
            Action action = action(entry.getKey());
            grants.put(action, entries(entry.getValue(), "access." + action.wireName));
        }
        return new AccessRules(grants);
    }

    private static Action action(String name) {
        for (Action action : Action.values()) {
            if (action.wireName.equals(name)) {
                return action;
            }
        }
        throw invalid("access." + name, "access has read, create, update and delete, not '" + name + "'");
    }

    private static List<Grant> entries(JsonNode list, String field) {
        if (!list.isArray()) {
            throw invalid(field, field + " must be a list of {\"who\", \"where\"} entries");
        }
        if (list.size() > MAX_ENTRIES) {
            throw invalid(field, field + " has more than " + MAX_ENTRIES + " entries");
        }
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            grants.add(entry(list.get(i), field + "[" + i + "]"));
        }
        return grants;
    }

    private static Grant entry(JsonNode entry, String field) {
        if (!entry.isObject()) {
            throw invalid(field, field + " must be an object {\"who\": ..., \"where\": {...}}");
        }
        for (String key : entry.propertyNames()) {
            if (!key.equals("who") && !key.equals("where")) {
                throw invalid(field + "." + key, "an access entry has who and where, not '" + key + "'");
            }
        }
        Who who = who(entry.get("who"), field + ".who");
        JsonNode where = entry.get("where");
        if (where == null || where.isNull()) {
            return new Grant(who, Optional.empty());
        }
        if (who instanceof Who.Nobody) {
            throw invalid(field + ".where", "an entry for none grants nothing, so it takes no where");
        }
        if (!where.isObject()) {
            throw invalid(field + ".where", field + ".where must be a match object");
        }
        return new Grant(who, Optional.of(where(where, field + ".where")));
    }

    private static Who who(JsonNode who, String field) {
        if (who == null || !who.isString()) {
            throw invalid(field, field + " must be owner, authenticated, public, role:<name> or none");
        }
        String text = who.stringValue();
        switch (text) {
            case "owner":
                return new Who.Owner();
            case "authenticated":
                return new Who.Authenticated();
            case "public":
                return new Who.Public();
            case "none":
                return new Who.Nobody();
            default:
                if (text.startsWith("role:") && ROLE.matcher(text.substring(5)).matches()) {
                    return new Who.Role(text.substring(5));
                }
                throw invalid(field, field + " must be owner, authenticated, public, role:<name> (letters, digits, _ . -,"
                        + " at most 64) or none, not '" + text + "'");
        }
    }

    /** The Datastore match syntax; its own errors keep their message, with the field placed inside the setting. */
    private static Condition where(JsonNode where, String field) {
        try {
            return MatchParser.parse(where);
        } catch (VellumException e) {
            Object inner = e.details().get("field");
            String place = inner == null || inner.toString().isEmpty() || inner.equals("match") ? field : field + "." + inner;
            throw invalid(place, e.getMessage());
        }
    }

    private static VellumException invalid(String field, String message) {
        return VellumException.validation(message, Map.of("field", field));
    }
}
