package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Every refusal leaves as {@code {"error": {"code", "message", "details"}}} with the right status, never a 500. */
class DatastoreErrorsIntegrationTest extends IntegrationTest {

    private Ops ops() {
        return new Ops(http, SECRET_KEY, null);
    }

    /** Asserts the seed's error shape and returns the error object. */
    private static JsonNode shaped(JsonNode error, String code) {
        assertThat(error.propertyNames()).containsExactly("code", "message", "details");
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(error.get("message").asString()).isNotBlank().doesNotContain("Exception", "select ", "jackson");
        assertThat(error.get("details").isObject()).isTrue();
        return error;
    }

    private JsonNode raw(String body, String apiKey, int status) {
        var request = http.post().uri("/v1/datastore").contentType(MediaType.APPLICATION_JSON);
        if (apiKey != null) {
            request = request.header("X-Api-Key", apiKey);
        }
        byte[] bytes = request.bodyValue(body).exchange().expectStatus().isEqualTo(status)
                .expectBody().returnResult().getResponseBody();
        JsonNode response = Ops.json(new String(bytes));
        assertThat(response.propertyNames()).containsExactly("error");
        return response.get("error");
    }

    private static String nested(int levels) {
        return "{\"a\": ".repeat(levels - 1) + "{\"x\": 1}" + "}".repeat(levels - 1);
    }

    @Test
    void unknown_or_missing_op_is_a_validation_error_naming_the_field() {
        Ops ops = ops();
        JsonNode unknown = shaped(ops.errorBody(op("collection.drop", freshCollection()), 400), "VALIDATION_ERROR");
        assertThat(unknown.at("/details/field").asString()).isEqualTo("op");
        JsonNode missing = shaped(ops.errorBody(Map.of("collection", freshCollection()), 400), "VALIDATION_ERROR");
        assertThat(missing.at("/details/field").asString()).isEqualTo("op");
        shaped(ops.errorBody(Map.of("op", 5, "collection", "x"), 400), "VALIDATION_ERROR");
    }

    @Test
    void unknown_top_level_fields_are_refused() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Map.of("n", 1));
        JsonNode error = shaped(ops.errorBody(op("collection.find", c, "where", Map.of()), 400), "VALIDATION_ERROR");
        assertThat(error.at("/details/field").asString()).isEqualTo("where");
        shaped(ops.errorBody(op("collection.count", c, "limit", 5), 400), "VALIDATION_ERROR");
        shaped(ops.errorBody(op("collection.insert", c, "data", Map.of("n", 1), "match", Map.of()), 400), "VALIDATION_ERROR");
    }

    @Test
    void wrong_field_types_are_validation_errors() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Map.of("n", 1));
        assertThat(shaped(ops.errorBody(op("collection.find", c, "limit", "10"), 400), "VALIDATION_ERROR")
                .at("/details/field").asString()).isEqualTo("limit");
        assertThat(shaped(ops.errorBody(op("collection.find", c, "match", List.of(Map.of("n", 1))), 400), "VALIDATION_ERROR")
                .at("/details/field").asString()).isEqualTo("match");
        shaped(ops.errorBody(op("collection.find", c, "offset", true), 400), "VALIDATION_ERROR");
        shaped(ops.errorBody(op("collection.find", c, "filter", "n"), 400), "VALIDATION_ERROR");
        shaped(ops.errorBody(Map.of("op", "collection.find", "collection", 5), 400), "VALIDATION_ERROR");
        shaped(ops.errorBody(Map.of("op", "collection.find"), 400), "VALIDATION_ERROR");
    }

    @Test
    void malformed_or_empty_bodies_are_validation_errors() {
        for (String body : List.of("{\"op\": ", "not json", "[]", "\"collection.find\"", "{} {}", "{\"op\": 'x'}")) {
            shaped(raw(body, SECRET_KEY, 400), "VALIDATION_ERROR");
        }
        shaped(raw("", SECRET_KEY, 400), "VALIDATION_ERROR");
    }

    @Test
    void duplicate_keys_in_a_json_object_are_refused() {
        String c = freshCollection();
        shaped(raw("{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": {\"a\": 1, \"a\": 2}}", SECRET_KEY, 400),
                "VALIDATION_ERROR");
        shaped(raw("{\"op\": \"collection.find\", \"op\": \"collection.count\", \"collection\": \"" + c + "\"}", SECRET_KEY, 400),
                "VALIDATION_ERROR");
        assertThat(ops().error(op("collection.count", c), 404)).isEqualTo("COLLECTION_NOT_FOUND");
    }

    @Test
    void a_body_over_one_megabyte_is_payload_too_large() {
        String big = "{\"op\": \"collection.insert\", \"collection\": \"" + freshCollection() + "\", \"data\": {\"s\": \""
                + "x".repeat(1024 * 1024) + "\"}}";
        shaped(raw(big, SECRET_KEY, 413), "PAYLOAD_TOO_LARGE");
    }

    @Test
    void json_nested_one_hundred_levels_is_refused() {
        String body = "{\"op\": \"collection.insert\", \"collection\": \"" + freshCollection() + "\", \"data\": " + nested(100) + "}";
        shaped(raw(body, SECRET_KEY, 400), "VALIDATION_ERROR");
    }

    @Test
    void documents_nest_at_most_thirty_two_levels() {
        Ops ops = ops();
        String c = freshCollection();
        String ok = "{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": " + nested(32) + "}";
        assertThat(ops.ok(ok).at("/data/0/a/a/a").isObject()).isTrue();
        String deep = "{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": " + nested(33) + "}";
        shaped(ops.errorBody(deep, 400), "VALIDATION_ERROR");
        String key = ops.ok(op("collection.find", c)).at("/data/0/_key").asString();
        String update = "{\"op\": \"collection.update\", \"collection\": \"" + c + "\", \"data\": {\"_key\": \"" + key
                + "\", \"b\": " + nested(32) + "}}";
        shaped(ops.errorBody(update, 400), "VALIDATION_ERROR");
        String dotted = "{\"op\": \"collection.update\", \"collection\": \"" + c + "\", \"data\": {\"_key\": \"" + key
                + "\", \"" + "p.".repeat(20) + "q\": " + nested(13) + "}}";
        shaped(ops.errorBody(dotted, 400), "VALIDATION_ERROR");
        assertThat(ops.ok(op("collection.find", c)).at("/data/0/_version").asInt()).isEqualTo(1);
    }

    @Test
    void a_missing_or_wrong_api_key_is_authentication_failed() {
        String body = "{\"op\": \"collection.find\", \"collection\": \"users\"}";
        shaped(raw(body, null, 401), "AUTHENTICATION_FAILED");
        shaped(raw(body, "vk_secret_wrong", 401), "AUTHENTICATION_FAILED");
        shaped(raw(body, "", 401), "AUTHENTICATION_FAILED");
        shaped(raw(body, PUBLIC_KEY, 401), "AUTHENTICATION_FAILED");
    }
}
