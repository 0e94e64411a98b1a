package dev.vellum.query;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14's filter rules through every surface that takes a filter: Datastore find, count,
 * update, upsert and delete, the documents query and count routes, and fetch_all. Each case
 * names the documents (by their {@code name}) it must select.
 */
class FilterSurfacesIntegrationTest extends IntegrationTest {

    private static final String DOCS = """
            [{"name": "d1-one", "a": [1]},
             {"name": "d2-nested", "a": [[1], 2]},
             {"name": "d3-tags", "tags": [{"name": "x"}, {"name": "y"}], "items": [{"sku": "A"}, {"sku": "B"}]},
             {"name": "d4-plain", "a": 1, "tags": {"name": "x", "extra": 1}, "items": {"sku": "A"}},
             {"name": "d5-other", "items": [{"sku": ["C", "D"]}, [{"sku": "A"}]]}]""";

    /** A Datastore match and the names it selects, in name order. */
    private static final String[][] MATCHES = {
        {"{\"a:$ne\": [1]}", "d3-tags d4-plain d5-other"},
        {"{\"a\": [1]}", "d1-one d2-nested"},
        {"{\"a:$eq\": 1}", "d1-one d4-plain"},
        {"{\"a:$in\": [[1], 7]}", "d1-one d2-nested"},
        {"{\"a:$nin\": [[1], 7]}", "d3-tags d4-plain d5-other"},
        {"{\"tags\": {\"name\": \"x\"}}", "d3-tags"},
        {"{\"tags:$ne\": {\"name\": \"x\"}}", "d1-one d2-nested d4-plain d5-other"},
        {"{\"items.sku\": \"A\"}", "d3-tags d4-plain"},
        {"{\"items.sku\": \"D\"}", "d5-other"},
        {"{\"items.sku:$nin\": [\"A\", \"B\"]}", "d1-one d2-nested d5-other"},
        {"{\"items.sku\": null}", "d1-one d2-nested"},
        {"{\"tags.name\": \"y\"}", "d3-tags"},
    };

    private Ops ops;
    private String c;

    @BeforeEach
    void seed() {
        ops = new Ops(http, SECRET_KEY, null);
        c = freshCollection();
        ops.insert(c, Ops.json(DOCS));
    }

    @Test
    void datastore_find_and_count_follow_the_element_rule_and_fan_out() {
        for (String[] m : MATCHES) {
            JsonNode found = ops.ok(op("collection.find", c, "match", Ops.json(m[0]), "sort", "name asc"));
            assertThat(names(found.get("data"))).as(m[0]).isEqualTo(m[1]);
            assertThat(ops.ok(op("collection.count", c, "match", Ops.json(m[0]))).at("/data/count").asLong())
                    .as("count " + m[0]).isEqualTo(m[1].split(" ").length);
        }
    }

    @Test
    void datastore_update_touches_exactly_the_matches_of_ne_with_an_array_operand() {
        JsonNode updated = ops.ok(op("collection.update", c, "match", Ops.json("{\"a:$ne\": [1]}"), "data", Ops.json("{\"hit\": true}")));
        assertThat(sorted(names(updated.get("data")))).isEqualTo("d3-tags d4-plain d5-other");
        JsonNode hit = ops.ok(op("collection.find", c, "match", Ops.json("{\"hit\": true}"), "sort", "name asc"));
        assertThat(names(hit.get("data"))).isEqualTo("d3-tags d4-plain d5-other");
    }

    @Test
    void datastore_upsert_updates_documents_found_through_an_array_of_objects() {
        ops.ok(op("collection.upsert", c, "match", Ops.json("{\"items.sku\": \"B\"}"), "update", Ops.json("{\"hit\": 1}"),
                "insert", Ops.json("{\"hit\": 0}")));
        JsonNode hit = ops.ok(op("collection.find", c, "match", Ops.json("{\"hit\": 1}")));
        assertThat(names(hit.get("data"))).isEqualTo("d3-tags");
        assertThat(ops.ok(op("collection.count", c, "match", Ops.json("{}"))).at("/data/count").asLong()).isEqualTo(5);
    }

    @Test
    void datastore_delete_removes_exactly_the_matches_of_nin_with_object_operands() {
        ops.ok(op("collection.delete", c, "match", Ops.json("{\"tags:$nin\": [{\"name\": \"x\"}, {\"name\": \"z\"}]}")));
        JsonNode left = ops.ok(op("collection.find", c, "match", Ops.json("{}"), "sort", "name asc"));
        assertThat(names(left.get("data"))).isEqualTo("d3-tags");
    }

    @Test
    void documents_query_and_count_routes_fan_out_and_negate_exactly() {
        String[][] queries = {
            {"items.sku=A", "d3-tags d4-plain"},
            {"items.sku_ne=A", "d1-one d2-nested d5-other"},
            {"items.sku_in=C,B", "d3-tags d5-other"},
            {"items.sku_notin=A,B,C", "d1-one d2-nested"},
            {"a=1", "d1-one d4-plain"},
            {"a_ne=1", "d2-nested d3-tags d5-other"},
            {"tags.name=x", "d3-tags d4-plain"},
            {"[or]items.sku=D&[or]a=2", "d2-nested d5-other"},
        };
        for (String[] q : queries) {
            JsonNode page = get("/v1/collections/" + c + "/documents?sort=name&" + q[0]);
            assertThat(names(page.get("data"))).as(q[0]).isEqualTo(q[1]);
            assertThat(page.get("total").asLong()).as("total " + q[0]).isEqualTo(q[1].split(" ").length);
            assertThat(get("/v1/collections/" + c + "/count?" + q[0]).get("count").asLong()).as("count " + q[0])
                    .isEqualTo(q[1].split(" ").length);
        }
    }

    @Test
    void fetch_all_takes_array_and_object_operands_and_dotted_paths_over_arrays() {
        String body = "[{\"type\": \"query\", \"collection\": \"" + c + "\", \"sort\": \"name\", \"a_ne\": [1]},"
                + "{\"type\": \"count\", \"collection\": \"" + c + "\", \"tags\": {\"name\": \"x\"}},"
                + "{\"type\": \"query\", \"collection\": \"" + c + "\", \"sort\": \"name\", \"items.sku_notin\": [\"A\"]},"
                + "{\"type\": \"find_one\", \"collection\": \"" + c + "\", \"items.sku\": \"D\"},"
                + "{\"type\": \"count\", \"collection\": \"" + c + "\", \"a_in\": [[1]]}]";
        JsonNode answers = http.post().uri("/v1/fetch_all").contentType(MediaType.APPLICATION_JSON).header("X-Api-Key", SECRET_KEY)
                .bodyValue(body).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(names(answers.get(0).get("data"))).isEqualTo("d3-tags d4-plain d5-other");
        assertThat(answers.get(1).asLong()).isEqualTo(1);
        assertThat(names(answers.get(2).get("data"))).isEqualTo("d1-one d2-nested d5-other");
        assertThat(answers.get(3).get("name").asString()).isEqualTo("d5-other");
        assertThat(answers.get(4).asLong()).isEqualTo(2);
    }

    private JsonNode get(String uri) {
        return http.get().uri(uri).header("X-Api-Key", SECRET_KEY).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static String names(JsonNode docs) {
        List<String> names = new ArrayList<>();
        docs.forEach(d -> names.add(d.get("name").asString()));
        return String.join(" ", names);
    }

    private static String sorted(String names) {
        return String.join(" ", List.of(names.split(" ")).stream().sorted().toList());
    }
}
