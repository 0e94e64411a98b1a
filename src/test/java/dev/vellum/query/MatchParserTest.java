package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertInvalid;
import static dev.vellum.query.QueryFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vellum.query.Condition.All;
import dev.vellum.query.Condition.Compare;
import dev.vellum.query.Condition.Exists;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.MissingNode;

class MatchParserTest {

    private static Condition parse(String match) {
        return MatchParser.parse(json(match));
    }

    @Test
    void keys_become_anded_comparisons_in_order() {
        assertEquals(new All(List.of(
                        new Compare(BodyPath.of("status"), Op.EQ, json("'active'")),
                        new Compare(BodyPath.of("age"), Op.GTE, json("18")),
                        new Compare(BodyPath.of("a", "b"), Op.IN, json("[1,2]")))),
                parse("{'status': 'active', 'age:$gte': 18, 'a.b:$in': [1, 2]}"));
    }

    @Test
    void every_operator_token_is_recognised() {
        for (Op op : Op.values()) {
            String operand = op == Op.IN || op == Op.NIN ? "[1]" : op.isText() ? "'a'" : "1";
            Condition c = parse("{'x:" + op.token() + "': " + operand + "}");
            assertEquals(op, ((Compare) ((All) c).conditions().get(0)).op());
        }
        assertEquals(new All(List.of(new Exists(BodyPath.of("x"), false))), parse("{'x:$exists': false}"));
    }

    @Test
    void key_splits_at_the_last_operator_marker() {
        assertEquals(new All(List.of(new Compare(BodyPath.of("a:$b"), Op.GT, json("1")))), parse("{'a:$b:$gt': 1}"));
        assertEquals(new All(List.of(new Compare(BodyPath.of("a:b"), Op.EQ, json("1")))), parse("{'a:b': 1}"));
    }

    @Test
    void null_or_missing_match_is_everything() {
        assertEquals(Condition.always(), MatchParser.parse(null));
        assertEquals(Condition.always(), MatchParser.parse(MissingNode.getInstance()));
        assertEquals(Condition.always(), parse("null"));
    }

    @Test
    void match_must_be_an_object() {
        assertInvalid("match", () -> parse("[1]"));
        assertInvalid("match", () -> parse("'x'"));
    }

    @Test
    void unknown_operator_is_named() {
        var e = assertInvalid("a:$regex", () -> parse("{'a:$regex': 'x'}"));
        assertTrue(e.getMessage().contains("$regex"), e.getMessage());
        assertInvalid("a:$", () -> parse("{'a:$': 1}"));
    }

    @Test
    void in_and_nin_need_arrays() {
        assertInvalid("a:$in", () -> parse("{'a:$in': 1}"));
        assertInvalid("a:$nin", () -> parse("{'a:$nin': {'x': 1}}"));
    }

    @Test
    void exists_needs_a_boolean() {
        assertInvalid("a:$exists", () -> parse("{'a:$exists': 1}"));
        assertInvalid("a:$exists", () -> parse("{'a:$exists': 'true'}"));
    }

    @Test
    void range_bounds_must_be_primitives() {
        assertInvalid("a:$gt", () -> parse("{'a:$gt': null}"));
        assertInvalid("a:$gte", () -> parse("{'a:$gte': {'x': 1}}"));
        assertInvalid("a:$lt", () -> parse("{'a:$lt': [1]}"));
        assertInvalid("_userkey:$lte", () -> parse("{'_userkey:$lte': null}"));
    }

    @Test
    void field_name_errors_report_the_clients_key() {
        assertInvalid("_nope:$gt", () -> parse("{'_nope:$gt': 1}"));
        assertInvalid("_key.x", () -> parse("{'_key.x': 1}"));
        assertInvalid("a..b:$eq", () -> parse("{'a..b:$eq': 1}"));
        assertInvalid(":$eq", () -> parse("{':$eq': 1}"));
    }

    @Test
    void timestamps_need_iso_instants_or_dates() {
        parse("{'_created_at:$gte': '2024-01-01T00:00:00Z', '_modified_at': '2024-01-01T00:00:00.123+02:00'}");
        parse("{'_created_at': '2024-01-01'}");
        assertInvalid("_created_at:$gte", () -> parse("{'_created_at:$gte': 'yesterday'}"));
        assertInvalid("_created_at", () -> parse("{'_created_at': '2024-01-01T00:00:00'}"));
        assertInvalid("_modified_at:$lt", () -> parse("{'_modified_at:$lt': 1704067200}"));
        assertInvalid("_created_at:$in", () -> parse("{'_created_at:$in': ['2024-01-01', 'x']}"));
        assertInvalid("_created_at", () -> parse("{'_created_at': null}"));
    }

    @Test
    void version_needs_an_integer() {
        parse("{'_version:$gt': 3}");
        assertInvalid("_version:$gt", () -> parse("{'_version:$gt': 1.5}"));
        assertInvalid("_version", () -> parse("{'_version': '3'}"));
        assertInvalid("_version:$in", () -> parse("{'_version:$in': [1, true]}"));
    }

    @Test
    void key_and_userkey_need_strings_and_only_userkey_takes_null() {
        parse("{'_userkey': null, '_userkey:$ne': null}");
        assertInvalid("_key", () -> parse("{'_key': 5}"));
        assertInvalid("_key", () -> parse("{'_key': null}"));
        assertInvalid("_key:$ne", () -> parse("{'_key:$ne': null}"));
        assertInvalid("_userkey", () -> parse("{'_userkey': 5}"));
        assertInvalid("_key:$in", () -> parse("{'_key:$in': ['a', 1]}"));
    }

    @Test
    void nested_operator_objects_are_rejected_rather_than_matched_literally() {
        assertInvalid("age", () -> parse("{'age': {'$gte': 18}}"));
        assertInvalid("age:$ne", () -> parse("{'age:$ne': {'$gt': 1}}"));
    }
}
