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
    void eq_scalar_uses_containment_for_value_or_array_element() {
        assertSql(render("{'a.b': 5}"), "(body @> $1::jsonb or body @> $2::jsonb)",
                j("{'a':{'b':5}}"), j("{'a':{'b':[5]}}"));
        assertSql(render("{'a:$eq': 'x'}"), "(body @> $1::jsonb or body @> $2::jsonb)",
                j("{'a':'x'}"), j("{'a':['x']}"));
        assertSql(render("{'a': true}"), "(body @> $1::jsonb or body @> $2::jsonb)",
                j("{'a':true}"), j("{'a':[true]}"));
    }

    @Test
    void eq_object_or_array_is_containment_plus_exact_check() {
        assertSql(render("{'a': {'x': 1}}"), "(body @> $1::jsonb and body #> $2::text[] = $3::jsonb)",
                j("{'a':{'x':1}}"), path("a"), j("{'x':1}"));
        assertSql(render("{'a.b': [1, 2]}"), "(body @> $1::jsonb and body #> $2::text[] = $3::jsonb)",
                j("{'a':{'b':[1,2]}}"), path("a", "b"), j("[1,2]"));
    }

    @Test
    void eq_null_matches_missing_null_or_array_holding_null() {
        assertSql(render("{'a': null}"), "(body #> $1::text[] is null or body @> $2::jsonb or body @> $3::jsonb)",
                path("a"), j("{'a':null}"), j("{'a':[null]}"));
    }

    @Test
    void eq_on_path_with_index_segment_uses_pointer_not_containment() {
        assertSql(render("{'a.0': 5}"),
                "(coalesce(body #> $1::text[] = $2::jsonb or body #> $3::text[] @> $4::jsonb, false))",
                path("a", "0"), j("5"), path("a", "0"), j("[5]"));
        assertSql(render("{'a.0': null}"),
                "(coalesce(body #> $1::text[] = $2::jsonb or body #> $3::text[] @> $4::jsonb, true))",
                path("a", "0"), j("null"), path("a", "0"), j("[null]"));
        assertSql(render("{'a.-1': {'x': 1}}"), "(coalesce(body #> $1::text[] = $2::jsonb, false))",
                path("a", "-1"), j("{'x':1}"));
    }

    @Test
    void ne_is_negated_equality() {
        assertSql(render("{'a:$ne': 5}"), "(not (body @> $1::jsonb or body @> $2::jsonb))",
                j("{'a':5}"), j("{'a':[5]}"));
        assertSql(render("{'a:$ne': null}"),
                "(not (body #> $1::text[] is null or body @> $2::jsonb or body @> $3::jsonb))",
                path("a"), j("{'a':null}"), j("{'a':[null]}"));
    }

    @Test
    void in_is_or_of_equalities_and_nin_its_negation() {
        assertSql(render("{'a:$in': [1, 'x']}"),
                "((body @> $1::jsonb or body @> $2::jsonb) or (body @> $3::jsonb or body @> $4::jsonb))",
                j("{'a':1}"), j("{'a':[1]}"), j("{'a':'x'}"), j("{'a':['x']}"));
        assertSql(render("{'a:$nin': [1]}"), "(not (body @> $1::jsonb or body @> $2::jsonb))",
                j("{'a':1}"), j("{'a':[1]}"));
    }

    @Test
    void empty_in_is_false_and_empty_nin_is_true() {
        assertSql(render("{'a:$in': []}"), "(false)");
        assertSql(render("{'a:$nin': []}"), "(not (false))");
    }

    @Test
    void ranges_are_type_bracketed_and_false_when_missing() {
        String form = "(coalesce(jsonb_typeof(body #> $1::text[]), '') = '%s' and body #> $2::text[] %s $3::jsonb)";
        assertSql(render("{'age:$gt': 18}"), form.formatted("number", ">"), path("age"), path("age"), j("18"));
        assertSql(render("{'a.b:$gte': 'm'}"), form.formatted("string", ">="), path("a", "b"), path("a", "b"), j("'m'"));
        assertSql(render("{'f:$lt': true}"), form.formatted("boolean", "<"), path("f"), path("f"), j("true"));
        assertSql(render("{'n:$lte': 2.5}"), form.formatted("number", "<="), path("n"), path("n"), j("2.5"));
    }

    @Test
    void exists_checks_the_pointer() {
        assertSql(render("{'a.b:$exists': true}"), "(body #> $1::text[] is not null)", path("a", "b"));
        assertSql(render("{'a:$exists': false}"), "(body #> $1::text[] is null)", path("a"));
    }

    @Test
    void several_keys_are_anded_in_order() {
        assertSql(render("{'status': 'active', '_version:$gt': 3}"),
                "((body @> $1::jsonb or body @> $2::jsonb) and (version > $3))",
                j("{'status':'active'}"), j("{'status':['active']}"), 3L);
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
