package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Counts in one request are bounded where the request is read: predicates in a filter, sort keys,
 * lookups, populate fields, fields set by one write, values in one array op. Over a bound is 400 VALIDATION_ERROR
 * naming the field, and nothing is stored.
 */
class CountBoundsIntegrationTest extends IntegrationTest {

    private String c;

    @BeforeEach
    void collection() {
        c = freshCollection();
        send(HttpMethod.PUT, "/v1/kv/" + c + "/doc", "{\"n\": 1, \"list\": []}", 200);
    }

    @Test
    void a_datastore_match_or_filter_with_more_than_100_predicates_is_refused() {
        refused(HttpMethod.POST, "/v1/datastore", find("\"match\": " + object(101, "f%d", "1")), "match");
        refused(HttpMethod.POST, "/v1/datastore", find("\"filter\": " + object(101, "f%d", "\"v\"")), "filter");
        send(HttpMethod.POST, "/v1/datastore", find("\"match\": " + object(100, "f%d", "1")), 200);
    }

    @Test
    void query_string_filters_are_bounded_on_documents_and_users() {
        String filters = IntStream.range(0, 101).mapToObj(i -> "f" + i + "=1").collect(Collectors.joining("&"));
        refused(HttpMethod.GET, "/v1/collections/" + c + "/documents?" + filters, null, "filters");
        refused(HttpMethod.GET, "/v1/users?" + filters, null, "filters");
    }

    @Test
    void sort_keys_and_lookups_are_bounded() {
        String sort = IntStream.range(0, 9).mapToObj(i -> "f" + i).collect(Collectors.joining(", "));
        refused(HttpMethod.POST, "/v1/datastore", find("\"sort\": \"" + sort + "\""), "sort");
        refused(HttpMethod.POST, "/v1/datastore", find("\"lookup\": " + object(11, "f%d", "\"" + c + "\"")), "lookup");
    }

    @Test
    void populate_names_at_most_ten_fields_on_each_route_that_takes_it() {
        String eleven = IntStream.range(0, 11).mapToObj(i -> "f" + i).collect(Collectors.joining(","));
        for (String path : new String[] {"/v1/collections/" + c + "/documents?populate=" + eleven,
                "/v1/collections/" + c + "/documents/doc?populate=" + eleven,
                "/v1/collections/" + c + "/find_one?populate=" + eleven}) {
            JsonNode error = send(HttpMethod.GET, path, null, 400).get("error");
            assertThat(error.get("code").asString()).as(path).isEqualTo("VALIDATION_ERROR");
            assertThat(error.at("/details/field").asString()).as(path).isEqualTo("populate");
            assertThat(error.get("message").asString()).as(path).isEqualTo("populate names at most 10 fields");
        }
        JsonNode error = send(HttpMethod.POST, "/v1/fetch_all", "[{\"type\": \"query\", \"collection\": \"" + c
                + "\", \"populate\": \"" + eleven + "\"}]", 400).get("error");
        assertThat(error.get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.get("message").asString()).contains("populate names at most 10 fields");
        String ten = IntStream.range(0, 10).mapToObj(i -> "f" + i).collect(Collectors.joining(","));
        send(HttpMethod.GET, "/v1/collections/" + c + "/documents?populate=" + ten, null, 200);
    }

    @Test
    void an_update_setting_more_than_1000_fields_stores_nothing() {
        String fields = object(1001, "x%d", "1");
        refused(HttpMethod.POST, "/v1/datastore", "{\"op\": \"collection.update\", \"collection\": \"" + c
                + "\", \"match\": {\"n\": 1}, \"data\": " + fields + "}", "data");
        refused(HttpMethod.POST, "/v1/datastore", "{\"op\": \"collection.upsert\", \"collection\": \"" + c
                + "\", \"match\": {\"n\": 1}, \"update\": " + fields + ", \"insert\": {\"n\": 1}}", "update");
        refused(HttpMethod.POST, "/v1/collections/" + c + "/documents", fields, "body");
        JsonNode doc = send(HttpMethod.GET, "/v1/kv/" + c + "/doc", null, 200);
        assertThat(doc.get("cas").asString()).isEqualTo("1");
        assertThat(doc.get("content").size()).isEqualTo(2);
    }

    @Test
    void an_array_op_with_more_than_1000_values_stores_nothing() {
        String values = IntStream.range(0, 1001).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
        for (String op : new String[] {"array_append", "array_prepend", "array_insert"}) {
            String path = op.equals("array_insert") ? "list[0]" : "list";
            JsonNode error = send(HttpMethod.POST, "/v1/kv/" + c + "/doc/mutate_in",
                    "{\"specs\": [{\"op\": \"" + op + "\", \"path\": \"" + path + "\", \"values\": " + values + "}]}", 400).get("error");
            assertThat(error.get("code").asString()).isEqualTo("VALIDATION_ERROR");
            assertThat(error.at("/details/field").asString()).isEqualTo("values");
            assertThat(error.at("/details/spec_index").asInt()).isEqualTo(0);
        }
        assertThat(send(HttpMethod.GET, "/v1/kv/" + c + "/doc", null, 200).get("cas").asString()).isEqualTo("1");
    }

    private String find(String extra) {
        return "{\"op\": \"collection.find\", \"collection\": \"" + c + "\", " + extra + "}";
    }

    private static String object(int fields, String name, String value) {
        return IntStream.range(0, fields).mapToObj(i -> "\"" + name.formatted(i) + "\": " + value)
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private void refused(HttpMethod method, String path, String body, String field) {
        JsonNode error = send(method, path, body, 400).get("error");
        assertThat(error.get("code").asString()).as(path).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/details/field").asString()).as(path).isEqualTo(field);
        assertThat(error.get("message").asString()).as(path).startsWith("at most");
    }

    private JsonNode send(HttpMethod method, String path, String body, int status) {
        var request = http.method(method).uri(path).header("X-Api-Key", SECRET_KEY)
                .header("Content-Type", "application/json");
        var response = body == null ? request.exchange() : request.bodyValue(body).exchange();
        return response.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
