package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertSql;
import static dev.vellum.query.QueryFixtures.j;
import static dev.vellum.query.QueryFixtures.render;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per equality rule: the match, the exact SQL text and the exact parameters. */
class EqualityRendererTest {

    private static final String SCALAR = "(body @? $1::jsonpath)";
    private static final String EXACT = "exists (select 1 from jsonb_path_query(body, $%d::jsonpath) as f(v) where v = $%d::jsonb"
            + " or exists (select 1 from jsonb_path_query(v, 'lax $[*]') as e(x) where x = $%d::jsonb))";
    private static final String CONTAINER = "(body @? $1::jsonpath and " + EXACT.formatted(2, 3, 4) + ")";
    private static final String UNNARROWED = "(" + EXACT.formatted(1, 2, 3) + ")";

    /** The lax path test for "equals the scalar, or an array holds it". */
    private static String eq(String path, String literal) {
        return "lax $" + path + " ? (@ == " + literal + " && @.type() != \"array\")";
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                // scalars: one indexed test; numbers by value, strings escaped as jsonpath literals
                row("{'n': 5}", SCALAR, eq(".\"n\"", "5")),
                row("{'n': -3}", SCALAR, eq(".\"n\"", "-3")),
                row("{'n': 2.5}", SCALAR, eq(".\"n\"", "2.5")),
                row("{'n': 100000000000000000000}", SCALAR, eq(".\"n\"", "100000000000000000000")),
                row("{'n': 1e-7}", SCALAR, eq(".\"n\"", "1.0E-7")),
                row("{'s': 'say \\\"hi\\\" \\\\ now'}", SCALAR, eq(".\"s\"", "\"say \\\"hi\\\" \\\\ now\"")),
                row("{'s': 'tab\\there'}", SCALAR, eq(".\"s\"", "\"tab\\u0009here\"")),
                row("{'b': false}", SCALAR, eq(".\"b\"", "false")),
                // dotted paths fan out over arrays of objects: the keys are quoted literals
                row("{'items.sku': 'A'}", SCALAR, eq(".\"items\".\"sku\"", "\"A\"")),
                row("{'we\\\"ird.k\\\\ey': 1}", SCALAR, eq(".\"we\\\"ird\".\"k\\\\ey\"", "1")),
                row("{'$1.x': 1}", SCALAR, eq(".\"$1\".\"x\"", "1")),
                // objects and arrays: narrowing on each scalar inside, then the exact check
                row("{'tags': {'name': 'x'}}", CONTAINER, "lax $ ? (@.\"tags\"[*].\"name\" == \"x\")", "lax $.\"tags\"",
                        j("{'name':'x'}"), j("{'name':'x'}")),
                row("{'a': [1]}", CONTAINER, "lax $ ? (@.\"a\"[*][*] == 1)", "lax $.\"a\"", j("[1]"), j("[1]")),
                row("{'a': {'k': [[1]], 'm': {'n': null}}}", CONTAINER,
                        "lax $ ? (@.\"a\"[*].\"k\"[*][*] == 1 && @.\"a\"[*].\"m\".\"n\" == null)", "lax $.\"a\"",
                        j("{'k':[[1]],'m':{'n':null}}"), j("{'k':[[1]],'m':{'n':null}}")),
                row("{'a.b': [{'c': 'x'}, true]}", CONTAINER,
                        "lax $ ? (@.\"a\".\"b\"[*][*].\"c\" == \"x\" && @.\"a\".\"b\"[*][*] == true)", "lax $.\"a\".\"b\"",
                        j("[{'c':'x'},true]"), j("[{'c':'x'},true]")),
                // no scalar inside: nothing to narrow by
                row("{'a': {}}", UNNARROWED, "lax $.\"a\"", j("{}"), j("{}")),
                row("{'a': [[], {}]}", UNNARROWED, "lax $.\"a\"", j("[[],{}]"), j("[[],{}]")),
                // null: nothing at the path, or null there
                row("{'items.sku': null}", "(not (body @? $1::jsonpath) or body @? $2::jsonpath)",
                        "lax $.\"items\".\"sku\"", eq(".\"items\".\"sku\"", "null")),
                // $ne and $nin are exactly the negations, whatever the operand
                row("{'a:$ne': [1]}", "(not " + CONTAINER + ")", "lax $ ? (@.\"a\"[*][*] == 1)", "lax $.\"a\"", j("[1]"), j("[1]")),
                row("{'a:$nin': [{'k': 1}, 2]}", "(not ((body @? $1::jsonpath and " + EXACT.formatted(2, 3, 4)
                                + ") or (body @? $5::jsonpath)))",
                        "lax $ ? (@.\"a\"[*].\"k\" == 1)", "lax $.\"a\"", j("{'k':1}"), j("{'k':1}"), eq(".\"a\"", "2")));
    }

    private static Arguments row(String match, String sql, Object... params) {
        return Arguments.of(match, sql, List.of(params));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void renders(String match, String sql, List<Object> params) {
        assertSql(render(match), sql, params.toArray());
    }
}
