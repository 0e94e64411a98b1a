package dev.vellum.subdoc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.error.VellumException;
import dev.vellum.support.IntegrationTest;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.postgresql.codec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One path semantics for sub-documents: lookup_in walks paths in Java ({@link PathMatch}),
 * mutate_in in plpgsql ({@code vellum_subdoc_walk} and the ops built on it). The same parsed
 * paths run through both over the same documents, and every answer must agree: where the path
 * leads (found / not found / mismatch), and what a mutation at the path changes.
 */
class PathSemanticsDifferentialIntegrationTest extends IntegrationTest {

    /** Keys that need backticks or escapes, nested and empty arrays, nulls, a float. */
    static final String OBJECT_DOC = """
            {"name": "Douglas", "nul": null, "n": 1.5, "t": true,
             "a.b": {"c": 1}, "key`": {"x": 2}, "q\\"uote": [1], "tab\\tkey": 3, "café": "é",
             "[0]": "bracket key", "0": "zero key", "-1": "minus one key",
             "arr": [[1, 2, [3, 4]], [], {"k": [5, 6]}],
             "empty": [], "obj": {}, "deep": {"l1": {"l2": {"l3": "v"}}}}""";
    static final String ARRAY_DOC = """
            [[1, [2, 3]], {"a": [4], "b": {}}, "s", null]""";

    static final List<String> OBJECT_PATHS = List.of(
            "", "name", "nul", "nul.x", "nul[0]", "n", "n.x", "n[0]", "t", "t.x",
            "`a.b`", "`a.b`.c", "`a.b`.d", "a.b", "a", "`key```", "`key```.x", "`key```[0]",
            "q\\\"uote", "q\\\"uote[0]", "q\\\"uote[-1]", "q\\\"uote[1]", "tab\\tkey", "caf\\u00e9", "café",
            "`[0]`", "0", "[0]", "[-1]", "-1", "missing", "missing.x", "missing[0]", "missing[-1]",
            "arr", "arr[0]", "arr[0][2]", "arr[0][2][1]", "arr[0][2][-1]", "arr[-1]", "arr[-1].k", "arr[-1].k[-1]",
            "arr[-1].k[2]", "arr[1][-1]", "arr[1][0]", "arr[0].x", "arr[5]", "arr[5].x", "arr[5][0]", "arr[2].k.x",
            "arr[0][0][0]", "arr[0][0].x", "arr[2147483647]",
            "empty", "empty[-1]", "empty[0]", "empty.x", "obj", "obj.x", "obj[0]", "obj[-1]",
            "deep.l1.l2.l3", "deep.l1.missing.l3", "deep.l1.l2.l3.l4", "deep.l1.l2.l3[0]", "deep[0].l1",
            "name[0]", "name.first", "name[-1]");
    static final List<String> ARRAY_PATHS = List.of(
            "", "[0]", "[0][1]", "[0][1][-1]", "[0][1][2]", "[1]", "[1].a", "[1].a[0]", "[1].b", "[1].b.c",
            "[2]", "[2].x", "[2][0]", "[-1]", "[-1].x", "[3]", "[4]", "[4].x", "a", "[0].a", "[1][0]", "[0][1][5]");

    /** One document and one path, with where the Java lookup says the path leads. */
    record Case(String doc, String text) {
        JsonNode document() {
            return SubdocFixtures.MAPPER.readTree(doc.equals("object") ? OBJECT_DOC : ARRAY_DOC);
        }

        SubdocPath path() {
            return SubdocPathParser.parse(text);
        }

        Outcome lookup() {
            return javaLookup(document(), path());
        }

        @Override
        public String toString() {
            return doc + " doc, path [" + text + "]";
        }
    }

    static Stream<Case> cases() {
        Stream<Case> objects = OBJECT_PATHS.stream().map(p -> new Case("object", p));
        Stream<Case> arrays = ARRAY_PATHS.stream().map(p -> new Case("array", p));
        return Stream.concat(objects, arrays);
    }

    @Autowired
    DatabaseClient db;

    /** Where a path leads, or what a mutation produced: a kind plus the value or new document. */
    record Outcome(String kind, JsonNode value) {
        static Outcome of(String kind) {
            return new Outcome(kind, null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_sql_walk_finds_what_the_java_lookup_finds(Case c) {
        assertThat(sqlWalk(c.document(), c.path())).isEqualTo(c.lookup());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replace_and_remove_change_exactly_what_the_java_lookup_finds(Case c) {
        Outcome lookup = c.lookup();
        for (String op : List.of("replace", "remove")) {
            Outcome outcome = mutate(c.document(), spec(op, c.text()));
            if (outcome == null) {
                continue; // Java refuses the spec before SQL sees it (remove on the root)
            }
            Outcome expected = switch (lookup.kind()) {
                case "found" -> new Outcome("body", ReferenceEdits.apply(c.document(), c.path(), op.equals("replace") ? MARK : null));
                case "not_found" -> Outcome.of("PATH_NOT_FOUND");
                default -> Outcome.of("PATH_MISMATCH");
            };
            assertThat(outcome).as(op).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void append_and_upsert_write_where_the_java_lookup_looks(Case c) {
        Outcome lookup = c.lookup();
        SubdocPath parsed = c.path();
        Outcome appended = mutate(c.document(), spec("array_append", c.text()));
        if (lookup.kind().equals("found") && lookup.value().isArray()) {
            List<SubdocPath.Component> last = new ArrayList<>(parsed.components());
            last.add(SubdocPath.Index.LAST);
            assertThat(appended.kind()).isEqualTo("body");
            assertThat(PathMatch.find(appended.value(), new SubdocPath(last))).isEqualTo(new PathMatch.Found(MARK));
        } else {
            assertThat(appended).isEqualTo(Outcome.of(lookup.kind().equals("not_found") ? "PATH_NOT_FOUND" : "PATH_MISMATCH"));
        }
        Outcome upserted = mutate(c.document(), spec("upsert", c.text()));
        if (upserted == null) {
            return; // upsert may not end in an index or name the root: Java's PATH_INVALID
        }
        if (upserted.kind().equals("body")) {
            assertThat(PathMatch.find(upserted.value(), parsed)).isEqualTo(new PathMatch.Found(MARK));
        } else {
            // a missing parent or one of the wrong type, both of which the lookup sees too
            assertThat(lookup.kind()).as("upsert failed with " + upserted.kind()).isIn("not_found", "mismatch");
            assertThat(upserted.kind()).isEqualTo(lookup.kind().equals("mismatch") ? "PATH_MISMATCH" : "PATH_NOT_FOUND");
        }
    }

    static final JsonNode MARK = SubdocFixtures.MAPPER.getNodeFactory().stringNode("M");

    static JsonNode spec(String op, String path) {
        ObjectNode spec = SubdocFixtures.MAPPER.createObjectNode().put("op", op).put("path", path);
        if (!op.equals("remove")) {
            spec.set("value", MARK);
        }
        return spec;
    }


    static Outcome javaLookup(JsonNode document, SubdocPath path) {
        PathMatch match = PathMatch.find(document, path);
        if (match instanceof PathMatch.Found found) {
            return new Outcome("found", found.value());
        }
        return Outcome.of(match instanceof PathMatch.NotFound ? "not_found" : "mismatch");
    }

    Outcome sqlWalk(JsonNode document, SubdocPath path) {
        try {
            return db.sql("select reached, node::text as node from vellum_subdoc_walk($1::jsonb, $2::jsonb, 0)")
                    .bind(0, Json.of(document.toString())).bind(1, Json.of(path.toWire().toString()))
                    .map((row, meta) -> row.get("reached", Integer.class) == path.size()
                            ? new Outcome("found", SubdocFixtures.MAPPER.readTree(row.get("node", String.class)))
                            : Outcome.of("not_found"))
                    .one().block();
        } catch (RuntimeException e) {
            String code = sqlError(e);
            return Outcome.of(code.equals("PATH_MISMATCH") ? "mismatch" : code);
        }
    }

    /**
     * One spec through the whole mutate_in pipeline short of the row: Java parses and checks it,
     * SQL applies it. The new document, the error code, or null when Java refuses the spec.
     */
    Outcome mutate(JsonNode document, JsonNode spec) {
        MutateRequest request;
        try {
            ObjectNode body = SubdocFixtures.MAPPER.createObjectNode();
            body.putArray("specs").add(spec);
            request = SpecParser.mutations(body);
        } catch (VellumException e) {
            return null;
        }
        try {
            String body = db.sql("select body::text as body from vellum_subdoc_apply_all($1::jsonb, $2::jsonb)")
                    .bind(0, Json.of(document.toString())).bind(1, Json.of(WireFormat.specs(request.specs()).toString()))
                    .map((row, meta) -> row.get("body", String.class)).one().block();
            return new Outcome("body", SubdocFixtures.MAPPER.readTree(body));
        } catch (RuntimeException e) {
            return Outcome.of(sqlError(e));
        }
    }

    private static String sqlError(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof PostgresqlException pg && pg.getErrorDetails().getCode().equals("VSD01")) {
                return pg.getErrorDetails().getMessage();
            }
        }
        throw new AssertionError("not a sub-document error", caught);
    }
}
