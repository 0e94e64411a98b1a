package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertSql;
import static dev.vellum.query.QueryFixtures.j;
import static dev.vellum.query.QueryFixtures.render;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the SQL text and parameters for body-path predicates and boolean structure. */
class ConditionRendererTest {

    private static List<String> path(String... segments) {
        return List.of(segments);
    }

    @Test
    void empty_match_is_true() {
        assertSql(render("{}"), "(true)");
    }

    @Test
    void eq_scalar_is_one_lax_jsonpath_test_served_by_the_gin_index() {
        assertSql(render("{'a.b': 5}"), "(body @? $1::jsonpath)", "lax $.\"a\".\"b\" ? (@ == 5 && @.type() != \"array\")");
        assertSql(render("{'a:$eq': 'x'}"), "(body @? $1::jsonpath)", "lax $.\"a\" ? (@ == \"x\" && @.type() != \"array\")");
        assertSql(render("{'a': true}"), "(body @? $1::jsonpath)", "lax $.\"a\" ? (@ == true && @.type() != \"array\")");
    }

    @Test
    void eq_object_or_array_is_jsonpath_narrowing_plus_exact_check_of_value_or_element() {
        String form = "(body @? $1::jsonpath and exists (select 1 from jsonb_path_query(body, $2::jsonpath) as f(v) where "
                + "v = $3::jsonb or exists (select 1 from jsonb_path_query(v, 'lax $[*]') as e(x) where x = $4::jsonb)))";
        assertSql(render("{'a': {'x': 1}}"), form, "lax $ ? (@.\"a\"[*].\"x\" == 1)", "lax $.\"a\"", j("{'x':1}"), j("{'x':1}"));
        assertSql(render("{'a.b': [1, 2]}"), form, "lax $ ? (@.\"a\".\"b\"[*][*] == 1 && @.\"a\".\"b\"[*][*] == 2)",
                "lax $.\"a\".\"b\"", j("[1,2]"), j("[1,2]"));
    }

    @Test
    void eq_null_matches_nothing_at_the_path_or_null_there() {
        assertSql(render("{'a': null}"), "(not (body @? $1::jsonpath) or body @? $2::jsonpath)",
                "lax $.\"a\"", "lax $.\"a\" ? (@ == null && @.type() != \"array\")");
    }

    @Test
    void eq_on_path_with_index_segment_uses_pointer_not_jsonpath() {
        assertSql(render("{'a.0': 5}"),
                "(coalesce(body #> $1::text[] = $2::jsonb or body #> $3::text[] @> $4::jsonb, false))",
                path("a", "0"), j("5"), path("a", "0"), j("[5]"));
        assertSql(render("{'a.0': null}"),
                "(coalesce(body #> $1::text[] = $2::jsonb or body #> $3::text[] @> $4::jsonb, true))",
                path("a", "0"), j("null"), path("a", "0"), j("[null]"));
        assertSql(render("{'a.-1': {'x': 1}}"), "(exists (select 1 from (select body #> $1::text[]) as f(v) where "
                + "v = $2::jsonb or exists (select 1 from jsonb_path_query(v, 'lax $[*]') as e(x) where x = $3::jsonb)))",
                path("a", "-1"), j("{'x':1}"), j("{'x':1}"));
    }

    @Test
    void ne_is_negated_equality() {
        assertSql(render("{'a:$ne': 5}"), "(not (body @? $1::jsonpath))", "lax $.\"a\" ? (@ == 5 && @.type() != \"array\")");
        assertSql(render("{'a:$ne': null}"), "(not (not (body @? $1::jsonpath) or body @? $2::jsonpath))",
                "lax $.\"a\"", "lax $.\"a\" ? (@ == null && @.type() != \"array\")");
    }

    @Test
    void in_is_or_of_equalities_and_nin_its_negation() {
        assertSql(render("{'a:$in': [1, 'x']}"), "((body @? $1::jsonpath) or (body @? $2::jsonpath))",
                "lax $.\"a\" ? (@ == 1 && @.type() != \"array\")", "lax $.\"a\" ? (@ == \"x\" && @.type() != \"array\")");
        assertSql(render("{'a:$nin': [1]}"), "(not (body @? $1::jsonpath))", "lax $.\"a\" ? (@ == 1 && @.type() != \"array\")");
    }

    @Test
    void empty_in_is_false_and_empty_nin_is_true() {
        assertSql(render("{'a:$in': []}"), "(false)");
        assertSql(render("{'a:$nin': []}"), "(not (false))");
    }

    @Test
    void ranges_are_type_bracketed_in_the_shape_a_typed_partial_index_matches() {
        String form = "(jsonb_typeof(body #> $1::text[]) = '%s' and body #> $2::text[] %s $3::jsonb)";
        assertSql(render("{'age:$gt': 18}"), form.formatted("number", ">"), path("age"), path("age"), j("18"));
        assertSql(render("{'a.b:$gte': 'm'}"), form.formatted("string", ">="), path("a", "b"), path("a", "b"), j("'m'"));
        assertSql(render("{'f:$lt': true}"), form.formatted("boolean", "<"), path("f"), path("f"), j("true"));
        assertSql(render("{'n:$lte': 2.5}"), form.formatted("number", "<="), path("n"), path("n"), j("2.5"));
    }

    @Test
    void a_range_under_not_is_null_free_so_a_missing_field_matches_the_negation() {
        Condition range = new Condition.Compare(BodyPath.of("age"), Op.GT, tools.jackson.databind.node.JsonNodeFactory.instance.numberNode(18));
        var once = new dev.vellum.sql.SqlBuilder();
        ConditionRenderer.render(new Condition.Not(range), once);
        assertSql(once.build(),
                "(not (coalesce(jsonb_typeof(body #> $1::text[]), '') = 'number' and body #> $2::text[] > $3::jsonb))",
                path("age"), path("age"), j("18"));
        var twice = new dev.vellum.sql.SqlBuilder();
        ConditionRenderer.render(new Condition.Not(new Condition.Not(range)), twice);
        assertSql(twice.build(),
                "(not (not (jsonb_typeof(body #> $1::text[]) = 'number' and body #> $2::text[] > $3::jsonb)))",
                path("age"), path("age"), j("18"));
    }

    @Test
    void exists_checks_the_pointer() {
        assertSql(render("{'a.b:$exists': true}"), "(body #> $1::text[] is not null)", path("a", "b"));
        assertSql(render("{'a:$exists': false}"), "(body #> $1::text[] is null)", path("a"));
    }

    @Test
    void several_keys_are_anded_in_order() {
        assertSql(render("{'status': 'active', '_version:$gt': 3}"), "((body @? $1::jsonpath) and (version > $2))",
                "lax $.\"status\" ? (@ == \"active\" && @.type() != \"array\")", 3L);
    }

    @Test
    void explicit_any_and_not_nodes_render_with_parentheses() {
        var sql = new dev.vellum.sql.SqlBuilder();
        Condition c = new Condition.Any(List.of(
                new Condition.Not(new Condition.Exists(BodyPath.of("a"), true)),
                new Condition.Exists(SystemField.USERKEY, false)));
        ConditionRenderer.render(c, sql);
        assertSql(sql.build(), "((not (body #> $1::text[] is not null)) or (owner is null))", path("a"));
    }
}
