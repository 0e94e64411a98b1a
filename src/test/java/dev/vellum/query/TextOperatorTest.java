package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertInvalid;
import static dev.vellum.query.QueryFixtures.assertSql;
import static dev.vellum.query.QueryFixtures.render;

import dev.vellum.sql.SqlBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Pins the SQL of $contains, $startswith and $endswith: bound, escaped ilike patterns, NULL-free. */
class TextOperatorTest {

    private static final String BODY = "(case jsonb_typeof(body #> $1::text[]) when 'string' then (body #>> $2::text[])"
            + " ilike $3::text escape '\\' when 'array' then exists (select 1 from jsonb_array_elements(body #> $4::text[])"
            + " as e(v) where jsonb_typeof(v) = 'string' and (v #>> '{}') ilike $5::text escape '\\') else false end)";

    private static List<String> path(String... segments) {
        return List.of(segments);
    }

    @Test
    void contains_is_a_substring_on_strings_and_ignore_case_membership_on_arrays() {
        assertSql(render("{'tags:$contains': 'Red'}"), BODY, path("tags"), path("tags"), "%Red%", path("tags"), "Red");
    }

    @Test
    void startswith_and_endswith_use_the_same_pattern_for_strings_and_elements() {
        assertSql(render("{'a.b:$startswith': 'Jo'}"), BODY,
                path("a", "b"), path("a", "b"), "Jo%", path("a", "b"), "Jo%");
        assertSql(render("{'name:$endswith': 'son'}"), BODY, path("name"), path("name"), "%son", path("name"), "%son");
    }

    @Test
    void wildcards_and_backslashes_in_the_operand_are_escaped() {
        assertSql(render("{'a:$contains': '50%_off\\\\'}"), BODY,
                path("a"), path("a"), "%50\\%\\_off\\\\%", path("a"), "50\\%\\_off\\\\");
        assertSql(render("{'a:$startswith': ''}"), BODY, path("a"), path("a"), "%", path("a"), "%");
    }

    @Test
    void negated_text_operator_wraps_the_case() {
        SqlBuilder sql = new SqlBuilder();
        ConditionRenderer.render(new Condition.Not(new Condition.Compare(BodyPath.of("a"), Op.ENDSWITH,
                JsonNodeFactory.instance.stringNode("x"))), sql);
        assertSql(sql.build(), "(not " + BODY + ")", path("a"), path("a"), "%x", path("a"), "%x");
    }

    @Test
    void key_and_userkey_are_text_columns() {
        assertSql(render("{'_key:$startswith': 'ord_'}"), "(key ilike $1::text escape '\\')", "ord\\_%");
        assertSql(render("{'_userkey:$contains': 'bob'}"), "(owner is not null and owner ilike $1::text escape '\\')", "%bob%");
        assertSql(render("{'_key:$endswith': '1'}"), "(key ilike $1::text escape '\\')", "%1");
    }

    @Test
    void operand_must_be_a_string() {
        assertInvalid("a:$contains", () -> render("{'a:$contains': 1}"));
        assertInvalid("a:$startswith", () -> render("{'a:$startswith': null}"));
        assertInvalid("a:$endswith", () -> render("{'a:$endswith': ['x']}"));
        assertInvalid("a:$contains", () -> render("{'a:$contains': true}"));
    }

    @Test
    void timestamps_and_version_reject_text_operators() {
        assertInvalid("_created_at:$startswith", () -> render("{'_created_at:$startswith': '2024'}"));
        assertInvalid("_modified_at:$contains", () -> render("{'_modified_at:$contains': '01'}"));
        assertInvalid("_version:$endswith", () -> render("{'_version:$endswith': '1'}"));
    }

    @Test
    void is_null_node_checks_the_json_type() {
        SqlBuilder sql = new SqlBuilder();
        ConditionRenderer.render(new Condition.All(List.of(
                new Condition.IsNull(BodyPath.of("a"), true), new Condition.IsNull(BodyPath.of("b", "c"), false),
                new Condition.IsNull(SystemField.USERKEY, true), new Condition.IsNull(SystemField.KEY, false))), sql);
        assertSql(sql.build(), "((coalesce(jsonb_typeof(body #> $1::text[]), 'null') = 'null')"
                + " and (coalesce(jsonb_typeof(body #> $2::text[]), 'null') <> 'null') and (owner is null) and (true))",
                path("a"), path("b", "c"));
    }
}
