package dev.vellum.documents;

import java.util.List;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * The query string of the search route: {@code q}, {@code fields} (comma list; absent or empty
 * means every field) and {@code limit}, each at most once; anything else is refused.
 */
record SearchParams(String q, List<String> fields, int limit) {

    static final Set<String> ALLOWED = Set.of("q", "fields", "limit");


    static SearchParams of(MultiValueMap<String, String> params) {
        new QueryParams(params, ALLOWED, false); // refuses unknown, reserved and repeated names
        String fields = params.getFirst("fields");
        return new SearchParams(params.getFirst("q"),
                fields == null || fields.isEmpty() ? List.of() : Selection.split(fields), limit(params.getFirst("limit")));
    }

    private static int limit(String value) {
        return PageParams.wholeNumber("limit", value, SearchRequest.DEFAULT_LIMIT);
    }
}
