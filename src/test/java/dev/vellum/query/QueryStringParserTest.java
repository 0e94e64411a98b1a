package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertInvalid;
import static dev.vellum.query.QueryFixtures.assertSql;
import static dev.vellum.query.QueryFixtures.j;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.DecimalNode;

/** Query-string filters end to end: decoded params in, exact SQL text and parameters out. */
class QueryStringParserTest {

    static final Set<String> RESERVED = Set.of("sort", "order", "limit", "offset", "populate", "select");

    private static final String EQ = "(body @? $1::jsonpath)";
    private static final String NULL_EQ = "(not (body @? $1::jsonpath) or body @? $2::jsonpath)";
    private static final String RANGE = "(jsonb_typeof(body #> $1::text[]) = '%s' and body #> $2::text[] %s $3::jsonb)";
    private static final String TEXT = "(case jsonb_typeof(body #> $1::text[]) when 'string' then (body #>> $2::text[])"
            + " ilike $3::text escape '\\' when 'array' then exists (select 1 from jsonb_array_elements(body #> $4::text[])"
            + " as e(v) where jsonb_typeof(v) = 'string' and (v #>> '{}') ilike $5::text escape '\\') else false end)";

    /** Decoded name/value pairs in order; a name may repeat. */
    static Map<String, List<String>> params(String... nameValues) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            params.computeIfAbsent(nameValues[i], n -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        return params;
    }

    static Condition parse(String... nameValues) {
        return QueryStringParser.parse(params(nameValues), RESERVED);
    }

    static Sql sql(String... nameValues) {
        SqlBuilder sql = new SqlBuilder();
        ConditionRenderer.render(parse(nameValues), sql);
        return sql.build();
    }

    /** The lax jsonpath equality binds for a path (as jsonpath accessors) and a literal. */
    private static String eq(String accessors, String literal) {
        return "lax $" + accessors + " ? (@ == " + literal + " && @.type() != \"array\")";
    }

    private static List<String> path(String... segments) {
        return List.of(segments);
    }

    @Test
    void equality_with_coerced_values() {
        assertSql(sql("status", "published"), EQ, eq(".\"status\"", "\"published\""));
        assertSql(sql("n", "5"), EQ, eq(".\"n\"", "5"));
        assertSql(sql("a.b", "true"), EQ, eq(".\"a\".\"b\"", "true"));
        assertSql(sql("zip", "01234"), EQ, eq(".\"zip\"", "\"01234\""));
        assertSql(sql("code", "\"123\""), EQ, eq(".\"code\"", "\"123\""));
        assertSql(sql("a", ""), EQ, eq(".\"a\"", "\"\""));
        assertSql(sql("a", "null"), NULL_EQ, "lax $.\"a\"", eq(".\"a\"", "null"));
        assertSql(sql("status_eq", "draft"), EQ, eq(".\"status\"", "\"draft\""));
    }

    @Test
    void ne_is_negated_equality() {
        assertSql(sql("status_ne", "draft"), "(not " + EQ + ")", eq(".\"status\"", "\"draft\""));
    }

    @Test
    void ranges_bind_exact_numbers_strings_and_booleans() {
        assertSql(sql("price_gt", "100"), RANGE.formatted("number", ">"), path("price"), path("price"), j("100"));
        assertSql(sql("price_gte", "1.50"), RANGE.formatted("number", ">="), path("price"), path("price"), j("1.50"));
        assertSql(sql("price_lt", "1e3"), RANGE.formatted("number", "<"), path("price"), path("price"), j("1E+3"));
        assertSql(sql("name_lte", "m"), RANGE.formatted("string", "<="), path("name"), path("name"), j("'m'"));
        assertSql(sql("n_gt", "\"5\""), RANGE.formatted("string", ">"), path("n"), path("n"), j("'5'"));
        assertSql(sql("f_gte", "false"), RANGE.formatted("boolean", ">="), path("f"), path("f"), j("false"));
        assertEquals(new Condition.All(List.of(new Condition.Compare(BodyPath.of("p"), Op.GT,
                DecimalNode.valueOf(new BigDecimal("0.1000000000000000000001"))))), parse("p_gt", "0.1000000000000000000001"));
    }

    @Test
    void in_and_notin_split_comma_lists_and_coerce_each_element() {
        assertSql(sql("n_in", "1,x"),
                "((body @? $1::jsonpath) or (body @? $2::jsonpath))",
                eq(".\"n\"", "1"), eq(".\"n\"", "\"x\""));
        assertSql(sql("n_notin", "\"1\""), "(not " + EQ + ")", eq(".\"n\"", "\"1\""));
        assertSql(sql("n_in", "\"a,b\",null"),
                "((body @? $1::jsonpath) or (not (body @? $2::jsonpath) or body @? $3::jsonpath))",
                eq(".\"n\"", "\"a,b\""), "lax $.\"n\"", eq(".\"n\"", "null"));
        assertSql(sql("id_in", "1,2"), "(key = any($1::text[]))", List.of("1", "2"));
        assertSql(sql("_version_notin", "1,2"), "(not (version = any($1::bigint[])))", List.of(1L, 2L));
    }

    @Test
    void text_suffixes_take_the_value_as_text() {
        assertSql(sql("tags_contains", "Red"), TEXT, path("tags"), path("tags"), "%Red%", path("tags"), "Red");
        assertSql(sql("code_startswith", "007"), TEXT, path("code"), path("code"), "007%", path("code"), "007%");
        assertSql(sql("n_endswith", "5"), TEXT, path("n"), path("n"), "%5", path("n"), "%5");
        assertSql(sql("flag_contains", "true"), TEXT, path("flag"), path("flag"), "%true%", path("flag"), "true");
        assertSql(sql("s_contains", "\"100%\""), TEXT, path("s"), path("s"), "%100\\%%", path("s"), "100\\%");
        assertSql(sql("id_startswith", "ord_"), "(key ilike $1::text escape '\\')", "ord\\_%");
        assertInvalid("name_contains", () -> parse("name_contains", "null"));
    }

    @Test
    void isnull_true_is_missing_or_null_and_false_is_present() {
        assertSql(sql("deleted_at_isnull", "true"), "(coalesce(jsonb_typeof(body #> $1::text[]), 'null') = 'null')",
                path("deleted_at"));
        assertSql(sql("a.b_isnull", "false"), "(coalesce(jsonb_typeof(body #> $1::text[]), 'null') <> 'null')",
                path("a", "b"));
        assertSql(sql("_userkey_isnull", "true"), "(owner is null)");
        assertInvalid("a_isnull", () -> parse("a_isnull", "yes"));
        assertInvalid("a_isnull", () -> parse("a_isnull", "\"true\""));
        assertInvalid("a_isnull", () -> parse("a_isnull", ""));
    }

    @Test
    void aliases_are_on_and_key_values_stay_text() {
        assertSql(sql("id", "123"), "(key = $1)", "123");
        assertSql(sql("id", "\"abc\""), "(key = $1)", "abc");
        assertSql(sql("_userkey", "null"), "(owner is null)");
        assertSql(sql("_userkey_ne", "42"), "(owner is distinct from $1)", "42");
        assertSql(sql("created_at_gte", "2024-01-01"), "(created_at >= $1)",
                OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        assertSql(sql("updated_at_lt", "2024-01-01T02:00:00+02:00"), "(modified_at < $1)",
                OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        assertSql(sql("_version", "3"), "(version = $1)", 3L);
        assertInvalid("id", () -> parse("id", "null"));
        assertInvalid("_version", () -> parse("_version", "x"));
        assertInvalid("created_at", () -> parse("created_at", "yesterday"));
        assertInvalid("updated_at_contains", () -> parse("updated_at_contains", "2024"));
    }

    @Test
    void or_groups_and_plain_keys() {
        assertSql(sql("status", "published", "[or]a", "1", "[or]b_gt", "2", "[or:g]c", "x", "[or:g]d_isnull", "true"),
                "((body @? $1::jsonpath)"
                        + " and ((body @? $2::jsonpath) or (jsonb_typeof(body #> $3::text[]) = 'number' and body #> $4::text[] > $5::jsonb))"
                        + " and ((body @? $6::jsonpath) or (coalesce(jsonb_typeof(body #> $7::text[]), 'null') = 'null')))",
                eq(".\"status\"", "\"published\""), eq(".\"a\"", "1"),
                path("b"), path("b"), j("2"), eq(".\"c\"", "\"x\""), path("d"));
    }

    @Test
    void repeated_keys_must_all_hold() {
        assertSql(sql("a", "1", "a", "2"), "((body @? $1::jsonpath) and (body @? $2::jsonpath))",
                eq(".\"a\"", "1"), eq(".\"a\"", "2"));
        assertEquals(2, ((Condition.Any) ((Condition.All) parse("[or]a", "1", "[or]a", "2")).conditions().get(0))
                .conditions().size());
    }

    @Test
    void reserved_names_are_not_filters() {
        assertSql(sql("sort", "x", "order", "desc", "limit", "10", "offset", "0", "populate", "author", "select", "a,b"), "(true)");
        assertSql(sql("limit", "5", "n", "1"), EQ, eq(".\"n\"", "1"));
        assertSql(sql("Limit", "5"), EQ, eq(".\"Limit\"", "5"));
        assertEquals(Condition.always(), QueryStringParser.parse(null, RESERVED));
        assertEquals(Condition.always(), QueryStringParser.parse(Map.of(), RESERVED));
    }

    @Test
    void bad_field_names_are_validation_errors_naming_the_parameter() {
        assertInvalid("a..b", () -> parse("a..b", "1"));
        assertInvalid("_secret", () -> parse("_secret", "1"));
        assertInvalid("[or]_x_gte", () -> parse("[or]_x_gte", "1"));
        assertInvalid("[weird]a", () -> parse("[weird]a", "1"));
        assertInvalid("x.", () -> parse("x.", "1"));
        assertInvalid("a." + "b.".repeat(31) + "c", () -> parse("a." + "b.".repeat(31) + "c", "1"));
        assertInvalid("a_in", () -> parse("a_in", ",".repeat(Operands.MAX_LIST)));
    }
}
