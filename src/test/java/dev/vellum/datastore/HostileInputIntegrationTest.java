package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * Hostile field names, paths, values and types: each request is either an ordinary result or a
 * clear 4xx with the error shape, never a 500, never SQL or Java internals in the message, and
 * the documents table keeps working.
 */
class HostileInputIntegrationTest extends IntegrationTest {

    /** Field names that are ordinary body fields, however they look. */
    static final List<String> ORDINARY_NAMES = List.of(
            "a'); drop table documents; --", "body", "$1", "a\"b", "x::jsonb", "a::text", "a\\b", "\\", "owner", "key",
            "1) or (1=1", "%", "'", "ünïcödé 🙂 名前", "a:b", "0", "-1", "a b", "a\tb", "a".repeat(1024),
            "ü".repeat(512), path(31));

    /** Field names that must be refused. */
    static final List<String> REFUSED_NAMES = List.of(
            "", ".", "a.", ".a", "a..b", "_x", "_userkey.x", "a".repeat(1025), "ü".repeat(513), path(32), "a:$bogus");

    static final List<String> FORBIDDEN = List.of("select", "jsonb", "exception", "at dev.", "java.", "org.",
            "tools.jackson", "r2dbc", "sqlstate", "syntax error", "constraints");

    private Ops ops;
    private String c;
    private long docs;

    @BeforeEach
    void seed() {
        // Responses echo documents of up to ~1 MB.
        http = http.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build();
        ops = new Ops(http, SECRET_KEY, null);
        c = freshCollection();
        ops.ok(op("collection.insert", c, "data", List.of(Map.of("n", 1, "s", "a"), Map.of("n", 2, "s", "b"), Map.of("n", 3))));
        docs = 3;
    }

    @AfterEach
    void tableStillWorks() {
        assertThat(ops.ok(op("collection.count", c, "match", Map.of())).at("/data/count").asLong()).isEqualTo(docs);
        assertThat(ops.ok(op("collection.find", c, "match", Map.of("n:$in", List.of(1, 2, 3)), "sort", "n asc")).get("data")).hasSize(3);
    }

    @Test
    void hostile_names_in_every_read_position_are_fields_or_400() {
        List<String> all = new ArrayList<>(ORDINARY_NAMES);
        all.addAll(REFUSED_NAMES);
        for (String name : all) {
            attempt(op("collection.find", c, "match", Map.of(name, "v")));
            attempt(op("collection.find", c, "match", Map.of(name + ":$gt", 1)));
            attempt(op("collection.find", c, "match", Map.of(name + ":$in", List.of("v", 1))));
            attempt(op("collection.find", c, "match", Map.of(name + ":$exists", true)));
            attempt(op("collection.find", c, "match", Map.of(name + ":$ne", "v")));
            attempt(op("collection.count", c, "match", Map.of(name + ":$nin", List.of("v"))));
            attempt(op("collection.find", c, "filter", Map.of(name, "v")));
            attempt(op("collection.find", c, "filter", Map.of(name, 1)));
            attempt(op("collection.find", c, "project", Map.of(name, 1)));
            attempt(op("collection.find", c, "project", Map.of(name, 0)));
            attempt(op("collection.find", c, "sort", name));
            attempt(op("collection.find", c, "sort", name + " desc"));
            attempt(op("collection.find", c, "lookup", Map.of(name, c)));
            attempt(op("collection.update", c, "match", Map.of(name, "v"), "data", Map.of("z", 1)));
            attempt(op("collection.delete", c, "match", Map.of(name, "v")));
        }
        for (String name : REFUSED_NAMES) {
            assertThat(status(op("collection.find", c, "match", Map.of(name, "v")))).as(name).isEqualTo(400);
            assertThat(status(op("collection.insert", c, "data", Map.of(name, "v")))).as(name).isEqualTo(name.equals("a:$bogus") ? 200 : 400);
            if (name.equals("a:$bogus")) {
                docs++;
            }
        }
    }

    @Test
    void hostile_names_in_writes_are_stored_and_found_as_ordinary_fields() {
        for (String name : ORDINARY_NAMES) {
            JsonNode inserted = attempt(op("collection.insert", c, "data", Map.of(name, "v1", "tag", "h")));
            assertThat(inserted.has("data")).as("insert %s: %s", name, inserted).isTrue();
            docs++;
            String key = inserted.at("/data/0/_key").asString();
            if (name.contains(":$")) {
                continue;
            }
            JsonNode found = attempt(op("collection.find", c, "match", Map.of(name, "v1")));
            assertThat(keys(found)).as("find by %s", name).containsExactly(key);
            JsonNode updated = attempt(op("collection.update", c, "data", Map.of("_key", key, name, "v2")));
            assertThat(keys(updated)).containsExactly(key);
            assertThat(keys(attempt(op("collection.find", c, "match", Map.of(name, "v2"), "project", Map.of(name, 1)))))
                    .containsExactly(key);
            assertThat(keys(attempt(op("collection.update", c, "match", Map.of(name, "v2"), "data", Map.of(name, "v3")))))
                    .containsExactly(key);
            assertThat(attempt(op("collection.count", c, "match", Map.of(name + ":$in", List.of("v3")))).at("/data/count").asLong())
                    .isEqualTo(1);
            attempt(op("collection.upsert", c, "match", Map.of(name, "v4"), "update", Map.of("u", 1), "insert", Map.of("i", 1)));
            docs++;
        }
        assertThat(ops.ok(op("collection.count", c, "match", Map.of("tag", "h"))).at("/data/count").asLong())
                .isEqualTo(ORDINARY_NAMES.size());
    }

    @Test
    void wrong_types_are_validation_errors() {
        List<Object> bodies = List.of(
                op("collection.find", c, "limit", "10"), op("collection.find", c, "limit", 0), op("collection.find", c, "limit", 1.5),
                op("collection.find", c, "limit", 99_999_999_999L), op("collection.find", c, "limit", 1_000_000),
                op("collection.find", c, "offset", -1), op("collection.find", c, "offset", "0"), op("collection.find", c, "offset", 3_000_000_000L),
                op("collection.find", c, "sort", 5), op("collection.find", c, "sort", List.of("n")), op("collection.find", c, "sort", "n up"),
                op("collection.find", c, "sort", ","), op("collection.find", c, "sort", "n asc desc"),
                op("collection.find", c, "match", List.of()), op("collection.find", c, "match", "x"), op("collection.find", c, "match", 5),
                op("collection.find", c, "filter", 5), op("collection.find", c, "project", List.of(1)), op("collection.find", c, "project", Map.of("n", 2)),
                op("collection.find", c, "project", Map.of("n", "1")), op("collection.find", c, "project", Map.of("n", 1, "s", 0)),
                op("collection.find", c, "lookup", Map.of("a", 5)), op("collection.find", c, "lookup", List.of()),
                op("collection.find", c, "lookup", Map.of("a", "Bad-Name")), op("collection.find", c, "lookup", Map.of("_key", c)),
                op("collection.find", c, "hack", 1), op("collection.find", c, "match", Map.of("n:$in", 5)),
                op("collection.find", c, "match", Map.of("n:$gt", Map.of())), op("collection.find", c, "match", Map.of("n:$gt", List.of())),
                op("collection.find", c, "match", Map.of("n:$exists", "yes")), op("collection.find", c, "match", Map.of("n:$regex", ".*")),
                op("collection.find", c, "match", Map.of("n", Map.of("$gte", 1))), op("collection.find", c, "match", Map.of("_key", 5)),
                op("collection.find", c, "match", Map.of("_version", "1")), op("collection.find", c, "match", Map.of("_created_at:$gt", "yesterday")),
                op("collection.find", c, "match", Map.of("_bogus", 1)), op("collection.find", c, "match", Map.of("_key.x", 1)),
                op("collection.insert", c, "data", "x"), op("collection.insert", c, "data", List.of(1, 2)), op("collection.insert", c, "data", List.of()),
                op("collection.insert", c, "data", List.of(List.of())), op("collection.insert", c, "data", 5), op("collection.insert", c),
                op("collection.insert", c, "data", Map.of("&t", "now")), raw("collection.insert", "\"data\": {\"a\": 1, \"a.b\": 2}"),
                op("collection.update", c, "data", Map.of("n", 1)), op("collection.update", c, "data", Map.of("_key", 5, "n", 1)),
                op("collection.update", c, "data", Map.of("_key", "k".repeat(251), "n", 1)), op("collection.update", c, "data", "x"),
                op("collection.update", c, "match", Map.of("n", 1), "data", List.of(Map.of("n", 2))),
                op("collection.update", c, "match", Map.of(), "data", Map.of("n", 2)), op("collection.update", c, "all", "true", "data", Map.of("n", 2)),
                op("collection.upsert", c, "match", Map.of(), "update", Map.of("a", 1), "insert", Map.of()),
                op("collection.upsert", c, "match", Map.of("a", 1), "update", List.of(), "insert", Map.of()),
                op("collection.upsert", c, "match", Map.of("a", 1), "update", Map.of("a", 1), "insert", "x"),
                op("collection.delete", c), op("collection.delete", c, "all", 1), op("collection.archive", c, "match", Map.of()),
                op("collection.restore", c, "match", Map.of("_ref", 5)), op("collection.restore", c, "match", Map.of()),
                op("collection.restore", c, "match", Map.of("_ref", "x", "n", 1)), op("collection.restore", c, "match", "x"),
                op("collection.count", c, "match", List.of()), op("collection.drop", c), op("collection.find", "Users"),
                op("collection.find", "a-b"), op("collection.find", "x".repeat(65)), op("collection.find", "a'; --"),
                Map.of("op", 5, "collection", c), Map.of("collection", c), Map.of("op", "collection.find", "collection", 5),
                "[]", "\"x\"", "null", "5", "{}", "{\"op\": null}", "NaN", "{", "{\"op\": NaN}", "{\"op\": \"collection.find\"} x",
                "{\"op\": \"collection.find\", \"op\": \"collection.find\", \"collection\": \"" + c + "\"}",
                "{\"op\": \"collection.find\", \"collection\": \"" + c + "\", \"match\": {\"n\": Infinity}}",
                "{\"op\": \"collection.find\", \"collection\": \"" + c + "\", \"limit\": 1e2}",
                "{\"op\": \"collection.find\", \"collection\": \"" + c + "\", \"match\": {\"n\": " + "9".repeat(1500) + "}}",
                "{\"op\": \"collection.find\", \"collection\": \"" + c + "\", \"match\": {\"n\": 0x10}}");
        for (Object body : bodies) {
            assertThat(status(body)).as("%s", body).isEqualTo(400);
        }
    }

    @Test
    void in_lists_up_to_a_thousand_values_work_and_longer_ones_are_refused() {
        ops.ok(op("collection.insert", c, "data", Map.of("n", 5999, "s", "s5999")));
        docs++;
        List<Integer> numbers = IntStream.range(5000, 6000).boxed().toList();
        List<String> strings = numbers.stream().map(i -> "s" + i).toList();
        assertThat(keysOf(op("collection.find", c, "match", Map.of("n:$in", numbers)))).hasSize(1);
        assertThat(keysOf(op("collection.find", c, "match", Map.of("s:$in", strings)))).hasSize(1);
        assertThat(attempt(op("collection.count", c, "match", Map.of("n:$nin", numbers))).at("/data/count").asLong()).isEqualTo(3);
        List<String> manyKeys = IntStream.range(0, 1000).mapToObj(i -> String.format("%032x", i)).toList();
        assertThat(keysOf(op("collection.find", c, "match", Map.of("_key:$in", manyKeys)))).isEmpty();
        assertThat(keysOf(op("collection.find", c, "filter", Map.of("n:$in", numbers)))).hasSize(1);
        List<Integer> tooMany = IntStream.range(0, 1001).boxed().toList();
        assertThat(status(op("collection.find", c, "match", Map.of("n:$in", tooMany)))).isEqualTo(400);
        assertThat(status(op("collection.count", c, "match", Map.of("n:$nin", tooMany)))).isEqualTo(400);
        List<Integer> pastPostgres = IntStream.range(0, 40_000).boxed().toList();
        assertThat(status(op("collection.find", c, "match", Map.of("n:$in", pastPostgres)))).isEqualTo(400);
    }

    @Test
    void long_strings_are_values_or_clear_errors() {
        String big = "x".repeat(600_000);
        assertThat(keysOf(op("collection.find", c, "match", Map.of("s", big)))).isEmpty();
        assertThat(keysOf(op("collection.find", c, "match", Map.of("s:$lt", big)))).hasSize(2);
        assertThat(keysOf(op("collection.find", c, "match", Map.of("_key", big)))).isEmpty();
        assertThat(attempt(op("collection.restore", c, "match", Map.of("_ref", big))).at("/data/data").asBoolean()).isFalse();
        String key = attempt(op("collection.insert", c, "data", Map.of("big", big))).at("/data/0/_key").asString();
        docs++;
        assertThat(keysOf(op("collection.find", c, "match", Map.of("big", big)))).containsExactly(key);
        assertThat(keysOf(op("collection.update", c, "data", Map.of("_key", key, "big", big + "y")))).containsExactly(key);
        assertThat(status(op("collection.insert", c, "data", Map.of("big", "x".repeat(1_100_000))))).isEqualTo(413);
        assertThat(status(op("collection.find", c, "match", Map.of("x".repeat(10_000), 1)))).isEqualTo(400);
    }

    @Test
    void extreme_numbers_are_values_or_clear_errors() {
        List<String> numbers = List.of("1e999999", "-1e999999", "1e-999999", "1e131072", "1e-16384", "9".repeat(900),
                "-0", "0.0000000000000000000000000001", "1.7976931348623157e309", "123456789012345678901234567890");
        for (String number : numbers) {
            attempt(raw("collection.find", "\"match\": {\"n\": " + number + "}"));
            attempt(raw("collection.find", "\"match\": {\"n:$gt\": " + number + "}"));
            attempt(raw("collection.find", "\"match\": {\"n:$in\": [" + number + "]}"));
            attempt(raw("collection.find", "\"match\": {\"_version:$lt\": " + number + "}"));
            attempt(raw("collection.find", "\"limit\": " + number));
            if (attempt(raw("collection.insert", "\"data\": {\"num\": " + number + "}")).has("data")) {
                docs++;
            }
        }
        for (String text : List.of("NaN", "Infinity", "-Infinity", "1e999999")) {
            assertThat(keysOf(op("collection.find", c, "match", Map.of("n", text)))).isEmpty();
        }
    }

    @Test
    void control_characters_surrogates_and_odd_timestamps_are_values_or_clear_errors() {
        // JSON escapes, sent as raw text so the server (not the test's mapper) decodes them.
        for (String odd : List.of("a\\u0000b", "\\u0000", "\\ud800", "x\\udfffy", "\\u202e", "\\uffff", "\\ud83d\\ude00")) {
            String q = "\"" + odd + "\"";
            attempt(raw("collection.find", "\"match\": {" + q + ": \"v\"}"));
            attempt(raw("collection.find", "\"match\": {\"s\": " + q + "}"));
            attempt(raw("collection.find", "\"match\": {\"_key\": " + q + "}"));
            attempt(raw("collection.find", "\"match\": {\"_userkey\": " + q + "}"));
            attempt(raw("collection.find", "\"match\": {\"s:$in\": [" + q + "]}"));
            attempt(raw("collection.find", "\"sort\": " + q));
            attempt(raw("collection.find", "\"project\": {" + q + ": 1}"));
            attempt(raw("collection.restore", "\"match\": {\"_ref\": " + q + "}"));
            attempt(raw("collection.update", "\"data\": {\"_key\": " + q + ", \"n\": 1}"));
            for (String data : List.of("{" + q + ": 1}", "{\"v\": " + q + "}")) {
                if (attempt(raw("collection.insert", "\"data\": " + data)).has("data")) {
                    docs++;
                }
            }
        }
        for (String time : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "0000-01-01", "-4714-11-23T00:00:00Z",
                "294277-01-01T00:00:00Z", "5874898-01-01", "2024-02-30", "2024-01-01T00:00:00+18:00")) {
            attempt(op("collection.find", c, "match", Map.of("_created_at:$gt", time)));
            attempt(op("collection.find", c, "match", Map.of("_modified_at", time)));
            attempt(op("collection.count", c, "match", Map.of("_created_at:$in", List.of(time))));
        }
    }

    @Test
    void deep_nesting_is_refused_or_harmless() {
        assertThat(status(op("collection.insert", c, "data", Map.of("d", nested(32))))).isEqualTo(400);
        assertThat(attempt(op("collection.insert", c, "data", Map.of("d", nested(30)))).has("data")).isTrue();
        docs++;
        assertThat(status(op("collection.insert", c, "data", Map.of(path(3), nested(30))))).isEqualTo(400);
        assertThat(attempt(op("collection.insert", c, "data", Map.of(path(2), nested(30)))).has("data")).isTrue();
        docs++;
        assertThat(status(op("collection.find", c, "match", Map.of("d", nested(70))))).isEqualTo(400);
        assertThat(status("[".repeat(100_000) + "]".repeat(100_000))).isEqualTo(400);
        assertThat(keysOf(op("collection.find", c, "match", Map.of("d", nested(40))))).isEmpty();
        assertThat(keysOf(op("collection.find", c, "match", Map.of("d:$in", List.of(nested(40)))))).isEmpty();
        assertThat(keysOf(op("collection.find", c, "match", Map.of("d", nested(30))))).hasSize(1);
    }

    // --- helpers ---

    private int status(Object body) {
        return check(body).getStatus().value();
    }

    /** Sends the op; a 200 returns the body, anything else must be a clean 4xx and returns the error body. */
    private JsonNode attempt(Object body) {
        EntityExchangeResult<byte[]> result = check(body);
        return Ops.json(new String(result.getResponseBody(), StandardCharsets.UTF_8));
    }

    private EntityExchangeResult<byte[]> check(Object body) {
        EntityExchangeResult<byte[]> result = ops.send(body).expectBody().returnResult();
        int status = result.getStatus().value();
        String shown = abbreviate(body);
        assertThat(status).as("status for %s", shown).isIn(200, 400, 404, 413);
        assertThat(result.getResponseHeaders().getContentType()).as("content type for %s", shown).isNotNull();
        assertThat(result.getResponseHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        JsonNode json = Ops.json(new String(result.getResponseBody(), StandardCharsets.UTF_8));
        if (status != 200) {
            PrivacyAuthIntegrationTest.assertErrorShape(json);
            String message = json.at("/error/message").asString();
            String scrubbed = scrub(message, body).toLowerCase(Locale.ROOT);
            for (String word : FORBIDDEN) {
                assertThat(scrubbed).as("message for %s: %s", shown, message).doesNotContain(word);
            }
            assertThat(message.length()).as("message length for %s", shown).isLessThan(2500);
        }
        return result;
    }

    /** The message without the client's own text echoed back in it. */
    private static String scrub(String message, Object body) {
        String text = body instanceof String s ? s : body.toString();
        List<String> echoes = new ArrayList<>(ORDINARY_NAMES);
        echoes.addAll(REFUSED_NAMES);
        echoes.addAll(List.of("a'; --", "Bad-Name", "hack", "collection.drop"));
        String scrubbed = message;
        for (String echo : echoes.stream().filter(e -> !e.isEmpty()).sorted((x, y) -> y.length() - x.length()).toList()) {
            if (text.contains(echo) || body instanceof Map) {
                scrubbed = scrubbed.replace(echo, "");
            }
        }
        return scrubbed;
    }

    private static String abbreviate(Object body) {
        String text = body instanceof String s ? s : body.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private List<String> keysOf(Object body) {
        JsonNode response = attempt(body);
        assertThat(response.has("data")).as("%s -> %s", abbreviate(body), abbreviate(response.toString())).isTrue();
        return keys(response);
    }

    private static List<String> keys(JsonNode response) {
        List<String> keys = new ArrayList<>();
        response.get("data").forEach(doc -> keys.add(doc.get("_key").asString()));
        return keys;
    }

    private String raw(String opName, String fields) {
        return "{\"op\": \"" + opName + "\", \"collection\": \"" + c + "\", " + fields + "}";
    }

    static String path(int segments) {
        return IntStream.range(0, segments).mapToObj(i -> "p" + i).collect(Collectors.joining("."));
    }

    /** An object nested {@code levels} deep: {"a": {"a": ... 1}}. */
    static Map<String, Object> nested(int levels) {
        Map<String, Object> node = new LinkedHashMap<>(Map.of("a", 1));
        for (int i = 1; i < levels; i++) {
            node = new LinkedHashMap<>(Map.of("a", node));
        }
        return node;
    }
}
