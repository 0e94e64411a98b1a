package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A find past {@code exact-count-threshold} (1000) matches: the size is the planner's estimate and
 * says so, {@code has_next} stays exact, and {@code count: "exact"} pays for the exact number.
 */
class EstimatedCountIntegrationTest extends IntegrationTest {

    private static final int DOCUMENTS = 1_200;

    private String bigCollection(Ops ops) {
        String c = freshCollection();
        for (int from = 0; from < DOCUMENTS; from += 600) {
            int start = from;
            ops.insert(c, IntStream.range(start, start + 600).<Map<String, Object>>mapToObj(i -> Map.of("n", i)).toList());
        }
        return c;
    }

    @Test
    void a_page_past_the_threshold_estimates_the_size_and_knows_the_next_page() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String c = bigCollection(ops);
        JsonNode first = ops.ok(op("collection.find", c, "sort", "n asc", "limit", 20));
        JsonNode pagination = first.at("/meta/pagination");
        assertThat(first.get("data")).hasSize(20);
        assertThat(pagination.get("count_estimated").asBoolean()).isTrue();
        assertThat(pagination.get("size").asLong()).isGreaterThan(1000);
        assertThat(pagination.get("total_pages").asLong()).isEqualTo((pagination.get("size").asLong() + 19) / 20);
        assertThat(pagination.get("has_next").asBoolean()).isTrue();
        assertThat(pagination.get("next_page").asInt()).isEqualTo(2);
        assertThat(pagination.get("count").asInt()).isEqualTo(20);

        JsonNode last = ops.ok(op("collection.find", c, "sort", "n asc", "limit", 20, "offset", DOCUMENTS - 20));
        assertThat(last.at("/meta/pagination/has_next").asBoolean()).isFalse();
        assertThat(last.at("/meta/pagination/size").asLong()).isEqualTo(DOCUMENTS);
        assertThat(last.at("/meta/pagination/count_estimated").asBoolean()).isFalse();
    }

    @Test
    void count_exact_gives_the_exact_number_and_count_planned_always_estimates() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String c = bigCollection(ops);
        JsonNode exact = ops.ok(op("collection.find", c, "limit", 20, "offset", 40, "count", "exact"));
        assertThat(exact.at("/meta/pagination")).isEqualTo(Ops.json("""
                {"page": 3, "per_page": 20, "total_pages": 60, "size": 1200, "count_estimated": false, "count": 20,
                 "has_next": true, "next_page": 4, "has_prev": true, "prev_page": 2,
                 "page_showing_start": 41, "page_showing_end": 60}"""));
        JsonNode matching = ops.ok(op("collection.find", c, "match", Map.of("n:$lt", 30), "limit", 20, "count", "planned"));
        assertThat(matching.at("/meta/pagination/count_estimated").asBoolean()).isTrue();
        assertThat(matching.at("/meta/pagination/has_next").asBoolean()).isTrue();
        JsonNode small = ops.ok(op("collection.find", c, "match", Map.of("n:$lt", 30), "limit", 20));
        assertThat(small.at("/meta/pagination/size").asLong()).isEqualTo(30);
        assertThat(small.at("/meta/pagination/count_estimated").asBoolean()).isFalse();
    }

    @Test
    void an_unknown_count_mode_is_a_validation_error() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String c = freshCollection();
        ops.insert(c, List.of(Map.of("n", 1)));
        JsonNode error = ops.errorBody(op("collection.find", c, "count", "roughly"), 400);
        assertThat(error.get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/details/field").asString()).isEqualTo("count");
    }
}
