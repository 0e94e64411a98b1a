package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code sort}, {@code limit}, {@code offset} and the {@code meta.pagination} block of a find. */
class PaginationIntegrationTest extends IntegrationTest {

    private Ops ops() {
        return new Ops(http, SECRET_KEY, null);
    }

    private static List<Map<String, Object>> numbered(int count) {
        return IntStream.range(0, count).<Map<String, Object>>mapToObj(i -> Map.of("n", i)).toList();
    }

    private static List<Integer> ns(JsonNode response) {
        List<Integer> ns = new ArrayList<>();
        response.get("data").forEach(doc -> ns.add(doc.get("n").asInt()));
        return ns;
    }

    private static JsonNode page(String json) {
        return Ops.json(json);
    }

    @Test
    void pages_of_ten_over_twenty_five_documents_report_every_pagination_field() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, numbered(25));
        JsonNode first = ops.ok(op("collection.find", c, "sort", "n asc", "limit", 10, "offset", 0));
        assertThat(ns(first)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(first.at("/meta/pagination")).isEqualTo(page("""
                {"page": 1, "per_page": 10, "total_pages": 3, "size": 25, "count_estimated": false, "count": 10, "has_next": true, "next_page": 2,
                 "has_prev": false, "prev_page": null, "page_showing_start": 1, "page_showing_end": 10}"""));
        JsonNode second = ops.ok(op("collection.find", c, "sort", "n asc", "limit", 10, "offset", 10));
        assertThat(ns(second)).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(second.at("/meta/pagination")).isEqualTo(page("""
                {"page": 2, "per_page": 10, "total_pages": 3, "size": 25, "count_estimated": false, "count": 10, "has_next": true, "next_page": 3,
                 "has_prev": true, "prev_page": 1, "page_showing_start": 11, "page_showing_end": 20}"""));
        JsonNode third = ops.ok(op("collection.find", c, "sort", "n asc", "limit", 10, "offset", 20));
        assertThat(ns(third)).containsExactly(20, 21, 22, 23, 24);
        assertThat(third.at("/meta/pagination")).isEqualTo(page("""
                {"page": 3, "per_page": 10, "total_pages": 3, "size": 25, "count_estimated": false, "count": 5, "has_next": false, "next_page": null,
                 "has_prev": true, "prev_page": 2, "page_showing_start": 21, "page_showing_end": 25}"""));
    }

    @Test
    void an_offset_past_the_end_returns_no_documents_but_still_counts_the_matches() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, numbered(25));
        JsonNode past = ops.ok(op("collection.find", c, "limit", 10, "offset", 40));
        assertThat(past.get("data")).isEmpty();
        assertThat(past.at("/meta/pagination")).isEqualTo(page("""
                {"page": 5, "per_page": 10, "total_pages": 3, "size": 25, "count_estimated": false, "count": 0, "has_next": false, "next_page": null,
                 "has_prev": true, "prev_page": 4, "page_showing_start": 0, "page_showing_end": 0}"""));
    }

    @Test
    void an_empty_result_has_zero_pages() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, numbered(3));
        JsonNode none = ops.ok(op("collection.find", c, "match", Map.of("n", 99)));
        assertThat(none.get("data")).isEmpty();
        assertThat(none.at("/meta/pagination")).isEqualTo(page("""
                {"page": 1, "per_page": 100, "total_pages": 0, "size": 0, "count_estimated": false, "count": 0, "has_next": false, "next_page": null,
                 "has_prev": false, "prev_page": null, "page_showing_start": 0, "page_showing_end": 0}"""));
    }

    @Test
    void limit_defaults_to_100_and_accepts_up_to_1000() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, numbered(120));
        JsonNode defaults = ops.ok(op("collection.find", c));
        assertThat(defaults.get("data")).hasSize(100);
        assertThat(defaults.at("/meta/pagination/per_page").asInt()).isEqualTo(100);
        assertThat(defaults.at("/meta/pagination/size").asInt()).isEqualTo(120);
        assertThat(ops.ok(op("collection.find", c, "limit", 1000)).get("data")).hasSize(120);
        JsonNode tooMany = ops.errorBody(op("collection.find", c, "limit", 1001), 400);
        assertThat(tooMany.get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(tooMany.at("/details/field").asString()).isEqualTo("limit");
        assertThat(ops.error(op("collection.find", c, "limit", 0), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.find", c, "limit", 2.5), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(ops.error(op("collection.find", c, "offset", -1), 400)).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void default_order_is_newest_first() throws InterruptedException {
        Ops ops = ops();
        String c = freshCollection();
        for (int i = 0; i < 3; i++) {
            ops.insert(c, Map.of("n", i));
            Thread.sleep(5);
        }
        assertThat(ns(ops.ok(op("collection.find", c)))).containsExactly(2, 1, 0);
        assertThat(ns(ops.ok(op("collection.find", c, "sort", "_created_at asc")))).containsExactly(0, 1, 2);
    }

    @Test
    void ties_are_broken_by_key_ascending() {
        Ops ops = ops();
        String c = freshCollection();
        List<JsonNode> docs = ops.insert(c, numbered(12)); // one statement: one _created_at for all
        List<String> sortedKeys = docs.stream().map(d -> d.get("_key").asString()).sorted().toList();
        assertThat(Ops.keys(ops.ok(op("collection.find", c)))).containsExactlyElementsOf(sortedKeys);
        assertThat(Ops.keys(ops.ok(op("collection.find", c, "sort", "tie desc")))).containsExactlyElementsOf(sortedKeys);
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 12; offset += 5) {
            paged.addAll(Ops.keys(ops.ok(op("collection.find", c, "limit", 5, "offset", offset))));
        }
        assertThat(paged).containsExactlyElementsOf(sortedKeys);
    }

    @Test
    void sort_takes_several_comma_separated_keys_and_dotted_paths() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Ops.json("""
                [{"n": 1, "g": "b", "o": {"v": 3}}, {"n": 2, "g": "a", "o": {"v": 1}},
                 {"n": 3, "g": "b", "o": {"v": 2}}, {"n": 4, "g": "a", "o": {"v": 4}}]"""));
        assertThat(ns(ops.ok(op("collection.find", c, "sort", "g asc, n desc")))).containsExactly(4, 2, 3, 1);
        assertThat(ns(ops.ok(op("collection.find", c, "sort", "g desc,n asc")))).containsExactly(1, 3, 2, 4);
        assertThat(ns(ops.ok(op("collection.find", c, "sort", "o.v asc")))).containsExactly(2, 3, 1, 4);
        assertThat(ns(ops.ok(op("collection.find", c, "sort", "o.v DESC")))).containsExactly(4, 1, 3, 2);
        assertThat(ns(ops.ok(op("collection.find", c, "sort", "n")))).containsExactly(1, 2, 3, 4);
    }

    @Test
    void missing_fields_sort_last_ascending_and_first_descending() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Ops.json("[{\"n\": 1, \"v\": 2}, {\"n\": 2}, {\"n\": 3, \"v\": 1}]"));
        assertThat(ns(ops.ok(op("collection.find", c, "sort", "v asc")))).containsExactly(3, 1, 2);
        assertThat(ns(ops.ok(op("collection.find", c, "sort", "v desc")))).containsExactly(2, 1, 3);
    }

    @Test
    void malformed_sort_strings_are_validation_errors() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, numbered(1));
        for (String sort : List.of("n sideways", "n asc desc", "n,", "_nope asc", "a..b")) {
            assertThat(ops.error(op("collection.find", c, "sort", sort), 400)).as(sort).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(ops.error(op("collection.find", c, "sort", List.of("n")), 400)).isEqualTo("VALIDATION_ERROR");
    }
}
