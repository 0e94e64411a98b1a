package dev.vellum.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses the Datastore {@code sort} string: {@code "field [asc|desc], ..."}. */
public final class SortParser {

    /** What an absent sort means: newest first. */
    public static final List<SortKey> DEFAULT = List.of(new SortKey(SystemField.CREATED_AT, true));

    private SortParser() {
    }

    public static List<SortKey> parse(String sort) {
        if (sort == null || sort.isBlank()) {
            return DEFAULT;
        }
        String[] items = sort.split(",", -1);
        CountBounds.check(items.length, CountBounds.current().sortKeys(), "sort", "sort keys");
        List<SortKey> keys = new ArrayList<>();
        for (String item : items) {
            keys.add(parseItem(item.strip()));
        }
        return List.copyOf(keys);
    }

    private static SortKey parseItem(String item) {
        if (item.isEmpty()) {
            throw QueryErrors.invalid("sort", "sort has an empty entry");
        }
        String[] words = item.split("\\s+");
        if (words.length > 2) {
            throw QueryErrors.invalid("sort", "sort entry '" + item + "' must be 'field [asc|desc]'");
        }
        FieldRef field = FieldNames.parse(words[0], words[0]);
        if (words.length == 1) {
            return new SortKey(field, false);
        }
        return switch (words[1].toLowerCase(Locale.ROOT)) {
            case "asc" -> new SortKey(field, false);
            case "desc" -> new SortKey(field, true);
            default -> throw QueryErrors.invalid("sort", "sort direction '" + words[1] + "' must be asc or desc");
        };
    }
}
