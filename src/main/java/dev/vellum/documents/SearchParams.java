package dev.vellum.documents;

import dev.vellum.error.VellumException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * The query string of the search route: {@code q}, {@code fields} (comma list; absent or empty
 * means every field) and {@code limit}, each at most once; anything else is refused.
 */
record SearchParams(String q, List<String> fields, int limit) {

    static final Set<String> ALLOWED = Set.of("q", "fields", "limit");

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    static SearchParams of(MultiValueMap<String, String> params) {
        new QueryParams(params, ALLOWED, false); // refuses unknown, reserved and repeated names
        String fields = params.getFirst("fields");
        return new SearchParams(params.getFirst("q"),
                fields == null || fields.isEmpty() ? List.of() : Selection.split(fields), limit(params.getFirst("limit")));
    }

    private static int limit(String value) {
        if (value == null) {
            return SearchRequest.DEFAULT_LIMIT;
        }
        if (!DIGITS.matcher(value).matches()) {
            throw VellumException.validation("'limit' must be a whole number", Map.of("field", "limit"));
        }
        return Integer.parseInt(value);
    }
}
