package dev.vellum.query;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One Cocobase filter key taken apart: {@code [or:group]} prefix, field and operator suffix.
 * A suffix is an operator only when a non-empty field name precedes it, the longest one wins,
 * and a key without one is equality: {@code status_code} is the field {@code status_code},
 * {@code price_gt} always means "price &gt; …" (write {@code price_gt_eq} for a field named
 * {@code price_gt}).
 */
record FilterKey(String key, Optional<String> group, FieldRef field, Suffix suffix) {

    /** The operator suffixes; {@code ISNULL} has no {@link Op} as it compiles to {@link Condition.IsNull}. */
    enum Suffix {
        EQ("_eq", Op.EQ), NE("_ne", Op.NE), GT("_gt", Op.GT), GTE("_gte", Op.GTE), LT("_lt", Op.LT),
        LTE("_lte", Op.LTE), IN("_in", Op.IN), NOTIN("_notin", Op.NIN), CONTAINS("_contains", Op.CONTAINS),
        STARTSWITH("_startswith", Op.STARTSWITH), ENDSWITH("_endswith", Op.ENDSWITH), ISNULL("_isnull", null);

        private static final List<Suffix> LONGEST_FIRST = Stream.of(values())
                .sorted(Comparator.comparingInt((Suffix s) -> s.text.length()).reversed()).toList();

        final String text;
        final Op op;

        Suffix(String text, Op op) {
            this.text = text;
            this.op = op;
        }

        boolean isList() {
            return this == IN || this == NOTIN;
        }
    }

    /** With Cocobase aliases these whole names mean system fields. */
    private static final List<List<String>> ALIASES = List.of(
            List.of("id", "_key"), List.of("created_at", "_created_at"), List.of("updated_at", "_modified_at"));

    static FilterKey parse(String key, boolean cocobaseAliases) {
        if (key == null) {
            throw QueryErrors.invalid("", "filter key is missing");
        }
        Optional<String> group = Optional.empty();
        String rest = key;
        if (key.startsWith("[")) {
            int close = key.indexOf(']');
            String prefix = close < 0 ? "" : key.substring(1, close);
            if (prefix.equals("or")) {
                group = Optional.of("");
            } else if (prefix.startsWith("or:") && prefix.length() > 3) {
                group = Optional.of(prefix.substring(3));
            } else {
                throw QueryErrors.invalid(key, "unknown key prefix; OR groups are written [or]field or [or:name]field");
            }
            rest = key.substring(close + 1);
        }
        Suffix suffix = Suffix.EQ;
        String name = rest;
        for (Suffix candidate : Suffix.LONGEST_FIRST) {
            if (rest.length() > candidate.text.length() && rest.endsWith(candidate.text)) {
                suffix = candidate;
                name = rest.substring(0, rest.length() - candidate.text.length());
                break;
            }
        }
        if (cocobaseAliases) {
            for (List<String> alias : ALIASES) {
                if (alias.get(0).equals(name)) {
                    name = alias.get(1);
                }
            }
        }
        return new FilterKey(key, group, FieldNames.parse(name, key), suffix);
    }

    /**
     * Text operators, and any operator but {@code _isnull} on the text columns
     * {@code _key}/{@code _userkey}, take query-string values as text.
     */
    boolean takesText() {
        return suffix.op != null && (suffix.op.isText() || field == SystemField.KEY || field == SystemField.USERKEY);
    }
}
