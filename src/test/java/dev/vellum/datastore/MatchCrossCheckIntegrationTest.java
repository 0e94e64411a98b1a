package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.query.InMemoryMatcher;
import dev.vellum.query.MatchParser;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Marten-style acceptance test: for each match, the keys the server returns equal the keys the
 * reference {@link InMemoryMatcher} selects from the same documents as an unfiltered find returns them.
 */
class MatchCrossCheckIntegrationTest extends IntegrationTest {

    private static final String DOCS = """
            [{"n": 1, "s": "a", "arr": [1, 2, 3], "o": {"k": 1, "l": "x"}, "b": true},
             {"n": 1.0, "s": "b", "arr": [3, 4], "o": {"k": 2}, "b": false},
             {"n": "1", "s": "A", "arr": [], "o": {"k": "1"}},
             {"n": 2.5, "s": "", "arr": ["1", "a"], "o": null, "b": null},
             {"n": -3, "arr": [[1, 2], 3], "o": {"k": {"z": 1}}},
             {"n": null, "s": "ab", "arr": "a", "o": {}},
             {"n": 100000000000000000000, "s": "b", "arr": [{"k": 1}], "o": {"k": 1, "l": "y"}},
             {"s": "c", "b": true},
             {"n": [1, 2], "s": ["a", "z"], "o": {"l": "x"}},
             {}]""";

    private static final List<String> MATCHES = List.of(
            "{}",
            "{\"n\": 1}",
            "{\"n\": \"1\"}",
            "{\"n\": null}",
            "{\"n:$ne\": null}",
            "{\"n:$gt\": 1}",
            "{\"n:$gte\": 1}",
            "{\"n:$lt\": 2}",
            "{\"n:$lte\": -3}",
            "{\"n:$gt\": \"0\"}",
            "{\"n:$ne\": 1}",
            "{\"n:$in\": [1, \"1\", null]}",
            "{\"n:$nin\": [1, 2.5]}",
            "{\"n:$exists\": false}",
            "{\"n\": 100000000000000000000}",
            "{\"s\": \"a\"}",
            "{\"s:$gte\": \"b\"}",
            "{\"s:$lt\": \"a\"}",
            "{\"s:$in\": [\"z\", \"c\"]}",
            "{\"s:$nin\": [\"a\", \"b\"]}",
            "{\"arr\": 3}",
            "{\"arr\": [3, 4]}",
            "{\"arr\": [1, 2]}",
            "{\"arr\": \"a\"}",
            "{\"arr:$in\": [4, \"1\"]}",
            "{\"arr:$ne\": 3}",
            "{\"arr\": {\"k\": 1}}",
            "{\"arr:$gt\": 2}",
            "{\"o.k\": 1}",
            "{\"o\": {\"k\": 1, \"l\": \"x\"}}",
            "{\"o\": {}}",
            "{\"o\": null}",
            "{\"o.k:$ne\": 1}",
            "{\"o.k:$gte\": 1}",
            "{\"o.k.z\": 1}",
            "{\"o.l:$exists\": true}",
            "{\"b\": true}",
            "{\"b:$ne\": true}",
            "{\"b:$lt\": true}",
            "{\"n:$gte\": 1, \"s:$ne\": \"a\"}",
            "{\"_version\": 1, \"s\": \"b\"}",
            "{\"_userkey\": null, \"n:$lt\": 0}",
            // array and object operands: the value, or an element of an array, equals the operand
            "{\"arr:$ne\": [1, 2]}",
            "{\"arr:$in\": [[1, 2], \"a\"]}",
            "{\"arr:$nin\": [{\"k\": 1}, 4]}",
            "{\"arr\": []}",
            "{\"o:$ne\": {\"k\": 1, \"l\": \"x\"}}",
            "{\"o.k:$in\": [{\"z\": 1}, 2]}",
            "{\"s:$ne\": [\"a\", \"z\"]}",
            // dotted paths over arrays of objects
            "{\"arr.k\": 1}",
            "{\"arr.k:$ne\": 1}",
            "{\"arr.k\": null}",
            "{\"arr.k:$gt\": 0}");

    @Test
    void server_results_equal_the_in_memory_matcher_for_every_match() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String c = freshCollection();
        ops.insert(c, Ops.json(DOCS));
        JsonNode all = ops.ok(op("collection.find", c, "match", Ops.json("{}"), "limit", 1000));
        assertThat(all.get("data")).hasSize(10);
        for (String match : MATCHES) {
            List<String> expected = new ArrayList<>();
            for (JsonNode doc : all.get("data")) {
                if (InMemoryMatcher.matches(MatchParser.parse(Ops.json(match)), (ObjectNode) doc)) {
                    expected.add(doc.get("_key").asString());
                }
            }
            JsonNode found = ops.ok(op("collection.find", c, "match", Ops.json(match), "sort", "_key asc", "limit", 1000));
            assertThat(Ops.keys(found)).as(match).containsExactlyElementsOf(expected.stream().sorted().toList());
            assertThat(ops.ok(op("collection.count", c, "match", Ops.json(match))).at("/data/count").asLong())
                    .as("count " + match).isEqualTo(expected.size());
        }
    }
}
