package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertInvalid;
import static dev.vellum.query.QueryFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vellum.query.Condition.All;
import dev.vellum.query.Condition.Any;
import dev.vellum.query.Condition.Compare;
import dev.vellum.query.Condition.IsNull;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Cocobase key syntax over JSON values: suffixes, OR groups, aliases and errors. */
class FilterKeysTest {

    /** Key/value pairs, values as single-quoted JSON. */
    static Condition parse(boolean aliases, String... keyValues) {
        List<Map.Entry<String, JsonNode>> filters = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            filters.add(Map.entry(keyValues[i], json(keyValues[i + 1])));
        }
        return FilterKeys.parse(filters, aliases);
    }

    private static Condition one(String key, String value) {
        return ((All) parse(false, key, value)).conditions().get(0);
    }

    private static Compare cmp(String field, Op op, String value) {
        return new Compare(FieldRef.parse(field), op, json(value));
    }

    @Test
    void plain_key_is_equality() {
        assertEquals(cmp("status", Op.EQ, "'published'"), one("status", "'published'"));
        assertEquals(cmp("a.b.c", Op.EQ, "5"), one("a.b.c", "5"));
    }

    @Test
    void every_suffix_maps_to_its_operator() {
        assertEquals(cmp("price", Op.EQ, "1"), one("price_eq", "1"));
        assertEquals(cmp("price", Op.NE, "1"), one("price_ne", "1"));
        assertEquals(cmp("price", Op.GT, "1"), one("price_gt", "1"));
        assertEquals(cmp("price", Op.GTE, "1"), one("price_gte", "1"));
        assertEquals(cmp("price", Op.LT, "1"), one("price_lt", "1"));
        assertEquals(cmp("price", Op.LTE, "1"), one("price_lte", "1"));
        assertEquals(cmp("price", Op.IN, "[1,2]"), one("price_in", "[1,2]"));
        assertEquals(cmp("price", Op.NIN, "[1]"), one("price_notin", "[1]"));
        assertEquals(cmp("tags", Op.CONTAINS, "'x'"), one("tags_contains", "'x'"));
        assertEquals(cmp("name", Op.STARTSWITH, "'A'"), one("name_startswith", "'A'"));
        assertEquals(cmp("name", Op.ENDSWITH, "'z'"), one("name_endswith", "'z'"));
        assertEquals(new IsNull(BodyPath.of("deleted"), true), one("deleted_isnull", "true"));
        assertEquals(new IsNull(BodyPath.of("a", "b"), false), one("a.b_isnull", "false"));
    }

    @Test
    void a_suffix_needs_a_field_before_it_and_unknown_endings_are_field_names() {
        assertEquals(cmp("status_code", Op.EQ, "200"), one("status_code", "200"));
        assertEquals(cmp("status_code", Op.GTE, "200"), one("status_code_gte", "200"));
        assertEquals(cmp("price_gt", Op.EQ, "1"), one("price_gt_eq", "1"));
        assertEquals(cmp("a_in", Op.NIN, "[1]"), one("a_in_notin", "[1]"));
        assertEquals(cmp("x", Op.STARTSWITH, "'a'"), one("x_startswith", "'a'"));
        assertEquals(cmp("is_null", Op.EQ, "1"), one("is_null", "1"));
        assertInvalid("_gt", () -> one("_gt", "1"));
        assertInvalid("_isnull", () -> one("_isnull", "true"));
    }

    @Test
    void system_fields_and_cocobase_aliases() {
        assertEquals(cmp("_key", Op.EQ, "'k1'"), one("_key", "'k1'"));
        assertEquals(cmp("id", Op.EQ, "'k1'"), one("id", "'k1'"));
        Condition aliased = parse(true, "id", "'k1'", "created_at_gte", "'2024-01-01'", "updated_at_lt", "'2024-02-01'",
                "id.x", "1", "ids", "2");
        assertEquals(new All(List.of(cmp("_key", Op.EQ, "'k1'"), cmp("_created_at", Op.GTE, "'2024-01-01'"),
                cmp("_modified_at", Op.LT, "'2024-02-01'"), cmp("id.x", Op.EQ, "1"), cmp("ids", Op.EQ, "2"))), aliased);
    }

    @Test
    void or_groups_are_anded_with_the_plain_keys() {
        Condition c = parse(false, "[or]a", "1", "x", "0", "[or:g]c", "3", "[or]b", "2", "[or:h]d", "4", "[or:g]e", "5");
        assertEquals(new All(List.of(
                cmp("x", Op.EQ, "0"),
                new Any(List.of(cmp("a", Op.EQ, "1"), cmp("b", Op.EQ, "2"))),
                new Any(List.of(cmp("c", Op.EQ, "3"), cmp("e", Op.EQ, "5"))),
                new Any(List.of(cmp("d", Op.EQ, "4"))))), c);
        assertEquals(new All(List.of(new Any(List.of(cmp("price", Op.GT, "9"), cmp("_key", Op.IN, "['a']"))))),
                parse(true, "[or]price_gt", "9", "[or]id_in", "'a'"));
    }

    @Test
    void nothing_is_everything() {
        assertEquals(Condition.always(), FilterKeys.parse(List.of(), true));
    }

    @Test
    void list_suffixes_take_arrays_or_comma_strings_coerced_per_element() {
        assertEquals(cmp("n", Op.IN, "[1,'x',true,null,'007','a,b']"), one("n_in", "'1,x,true,null,007,\\\"a,b\\\"'"));
        assertEquals(cmp("n", Op.NIN, "['']"), one("n_notin", "''"));
        assertEquals(cmp("n", Op.IN, "['1']"), one("n_in", "['1']"));
        assertEquals(cmp("_key", Op.IN, "['1','true']"), one("_key_in", "'1,true'"));
        assertInvalid("n_in", () -> one("n_in", "5"));
        assertInvalid("n_notin", () -> one("n_notin", "{'a':1}"));
        assertInvalid("n_in", () -> one("n_in", "'" + ",".repeat(Operands.MAX_LIST) + "'"));
    }

    @Test
    void isnull_takes_only_booleans() {
        assertInvalid("a_isnull", () -> one("a_isnull", "'true'"));
        assertInvalid("a_isnull", () -> one("a_isnull", "1"));
        assertInvalid("[or:g]a_isnull", () -> one("[or:g]a_isnull", "null"));
    }

    @Test
    void errors_name_the_key_as_written() {
        assertInvalid("a..b", () -> one("a..b", "1"));
        assertInvalid("a._gt", () -> one("a._gt", "1"));
        assertInvalid("[or]_nope_gt", () -> one("[or]_nope_gt", "1"));
        assertInvalid("_key.x", () -> one("_key.x", "'k'"));
        assertInvalid("[and]a", () -> one("[and]a", "1"));
        assertInvalid("[or:]a", () -> one("[or:]a", "1"));
        assertInvalid("[or", () -> one("[or", "1"));
        assertInvalid("[or]", () -> one("[or]", "1"));
        assertInvalid("", () -> one("", "1"));
        assertInvalid("a_contains", () -> one("a_contains", "1"));
        assertInvalid("_version_startswith", () -> one("_version_startswith", "'1'"));
        assertInvalid("a_gt", () -> one("a_gt", "null"));
        assertInvalid("a", () -> one("a", "{'$gt': 1}"));
        assertInvalid("created_at_gt", () -> parse(true, "created_at_gt", "'yesterday'"));
        assertInvalid("id", () -> parse(true, "id", "5"));
    }
}
