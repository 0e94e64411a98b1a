package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.doc;
import static dev.vellum.query.QueryFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The reference semantics: missing fields, nulls, arrays and type brackets. */
class InMemoryMatcherTest {

    private static final ObjectNode DOC = doc("{'_key': 'k1', '_userkey': null, '_created_at': '2024-03-01T10:00:00.000Z',"
            + " '_modified_at': '2024-03-02T10:00:00.000Z', '_version': 3, 'n': 5, 's': '5', 'b': true, 'nul': null,"
            + " 'tags': ['x', 'y', null], 'nums': [1, 2], 'obj': {'x': 1, 'y': [1, 2]}, 'rows': [{'v': 1}]}");

    private static boolean matches(String match) {
        return InMemoryMatcher.matches(MatchParser.parse(json(match)), DOC);
    }

    private static void expect(boolean expected, String match) {
        assertEquals(expected, matches(match), match);
    }

    @Test
    void equality_matches_value_or_array_element_with_numbers_by_value() {
        expect(true, "{'n': 5}");
        expect(true, "{'n': 5.0}");
        expect(false, "{'n': '5'}");
        expect(false, "{'s': 5}");
        expect(true, "{'tags': 'x'}");
        expect(true, "{'nums': 2}");
        expect(false, "{'missing': 1}");
    }

    @Test
    void equality_with_object_or_array_is_exact() {
        expect(true, "{'obj': {'y': [1, 2], 'x': 1}}");
        expect(false, "{'obj': {'x': 1}}");
        expect(true, "{'nums': [1, 2]}");
        expect(false, "{'nums': [2, 1]}");
        expect(false, "{'nums': [1]}");
    }

    @Test
    void null_matches_missing_null_and_arrays_holding_null() {
        expect(true, "{'missing': null}");
        expect(true, "{'nul': null}");
        expect(true, "{'tags': null}");
        expect(false, "{'n': null}");
        expect(true, "{'n:$ne': null}");
        expect(false, "{'nul:$ne': null}");
        expect(false, "{'missing:$ne': null}");
    }

    @Test
    void ne_and_nin_match_missing_fields() {
        expect(true, "{'missing:$ne': 1}");
        expect(true, "{'missing:$nin': [1, 2]}");
        expect(false, "{'tags:$ne': 'x'}");
        expect(false, "{'n:$nin': [4, 5]}");
        expect(false, "{'n:$in': []}");
        expect(true, "{'n:$nin': []}");
    }

    @Test
    void ranges_never_match_missing_fields_or_other_types() {
        expect(false, "{'missing:$gt': 0}");
        expect(false, "{'missing:$lt': 0}");
        expect(true, "{'n:$gt': 4.5}");
        expect(true, "{'n:$lte': 5}");
        expect(false, "{'n:$gt': '1'}");
        expect(false, "{'s:$gt': 1}");
        expect(true, "{'s:$gte': '5'}");
        expect(false, "{'nul:$lt': 1}");
        expect(false, "{'nums:$gt': 0}");
        expect(true, "{'b:$gt': false}");
    }

    @Test
    void paths_traverse_objects_fan_out_over_arrays_of_objects_and_digit_segments_index() {
        expect(true, "{'obj.x': 1}");
        expect(true, "{'obj.y': 2}");
        expect(true, "{'obj.y.1': 2}");
        expect(true, "{'obj.y.-1': 2}");
        expect(true, "{'rows.0.v': 1}");
        expect(true, "{'rows.v': 1}");
        expect(false, "{'rows.v': null}");
        expect(false, "{'rows.v:$gt': 0}");
    }

    @Test
    void equality_with_any_operand_is_the_value_or_an_element_of_it_and_ne_is_its_negation() {
        ObjectNode one = doc("{'a': [1]}");
        ObjectNode nested = doc("{'a': [[1], 2]}");
        for (ObjectNode d : List.of(one, nested)) {
            expectOn(d, true, "{'a': [1]}");
            expectOn(d, false, "{'a:$ne': [1]}");
            expectOn(d, true, "{'a:$in': [[1], 7]}");
            expectOn(d, false, "{'a:$nin': [[1], 7]}");
        }
        expectOn(one, true, "{'a': 1}");
        expectOn(nested, false, "{'a': 1}");
        ObjectNode tags = doc("{'tags': [{'name': 'x'}, {'name': 'y'}]}");
        expectOn(tags, true, "{'tags': {'name': 'x'}}");
        expectOn(tags, false, "{'tags': {'name': 'z'}}");
        expectOn(tags, false, "{'tags': {}}");
        expectOn(tags, true, "{'tags:$ne': {'name': 'x', 'extra': 1}}");
        expectOn(tags, true, "{'tags.name': 'y'}");
        expectOn(doc("{'tags': [[{'name': 'x'}]]}"), false, "{'tags.name': 'x'}");
    }

    @Test
    void dotted_paths_fan_out_one_array_level_per_segment() {
        ObjectNode d = doc("{'items': [{'sku': 'A', 'q': [2, 3]}, {'sku': ['B', 'C']}, 5, [{'sku': 'D'}]],"
                + " 'o': {'p': [{'q': [{'r': 1}]}]}}");
        expectOn(d, true, "{'items.sku': 'A'}");
        expectOn(d, true, "{'items.sku': 'C'}");
        expectOn(d, true, "{'items.sku': ['B', 'C']}");
        expectOn(d, false, "{'items.sku': 'D'}");
        expectOn(d, true, "{'items.q': 3}");
        expectOn(d, true, "{'o.p.q.r': 1}");
        expectOn(d, false, "{'items.sku': null}");
        expectOn(d, true, "{'items.missing': null}");
        expectOn(d, true, "{'items.sku:$nin': ['D']}");
    }

    @Test
    void exists_counts_null_as_present() {
        expect(true, "{'nul:$exists': true}");
        expect(false, "{'missing:$exists': true}");
        expect(true, "{'missing:$exists': false}");
        expect(false, "{'_userkey:$exists': true}");
        expect(true, "{'_key:$exists': true}");
    }

    @Test
    void system_fields_compare_by_column_type() {
        expect(true, "{'_key': 'k1'}");
        expect(true, "{'_userkey': null}");
        expect(true, "{'_userkey:$ne': 'u1'}");
        expect(false, "{'_userkey:$in': ['u1']}");
        expect(true, "{'_userkey:$in': ['u1', null]}");
        expect(false, "{'_userkey:$gt': ''}");
        expect(true, "{'_created_at:$gte': '2024-03-01T12:00:00+02:00'}");
        expect(false, "{'_created_at:$gt': '2024-03-01T10:00:00Z'}");
        expect(true, "{'_modified_at:$gte': '2024-03-02'}");
        expect(true, "{'_version:$gt': 2}");
        expect(true, "{'_version:$in': [1, 3]}");
    }

    @Test
    void text_operators_ignore_case_on_strings() {
        ObjectNode doc = doc("{'name': 'Johnson', 'code': '50%_off', 'n': 5, 'nul': null}");
        expectOn(doc, true, "{'name:$contains': 'HNS'}");
        expectOn(doc, true, "{'name:$startswith': 'jo'}");
        expectOn(doc, true, "{'name:$endswith': 'SON'}");
        expectOn(doc, false, "{'name:$startswith': 'son'}");
        expectOn(doc, true, "{'name:$contains': ''}");
        expectOn(doc, true, "{'code:$contains': '%_'}");
        expectOn(doc, false, "{'name:$contains': '%'}");
        expectOn(doc, false, "{'n:$contains': '5'}");
        expectOn(doc, false, "{'nul:$contains': 'null'}");
    }

    @Test
    void text_operators_on_arrays_test_string_elements_and_contains_means_membership() {
        ObjectNode doc = doc("{'tags': ['Red', 'blue-green', 5, null, ['red']]}");
        expectOn(doc, true, "{'tags:$contains': 'red'}");
        expectOn(doc, false, "{'tags:$contains': 'green'}");
        expectOn(doc, false, "{'tags:$contains': '5'}");
        expectOn(doc, true, "{'tags:$startswith': 'BLUE'}");
        expectOn(doc, true, "{'tags:$endswith': 'en'}");
        expectOn(doc, false, "{'tags:$endswith': 'x'}");
    }

    @Test
    void text_operators_never_match_a_missing_field_so_their_negation_does() {
        ObjectNode doc = doc("{'a': 1}");
        expectOn(doc, false, "{'missing:$contains': ''}");
        assertEquals(true, InMemoryMatcher.matches(new Condition.Not(MatchParser.parse(json("{'missing:$startswith': 'a'}"))), doc));
    }

    @Test
    void text_operators_on_key_and_userkey() {
        expect(true, "{'_key:$startswith': 'K'}");
        expect(false, "{'_userkey:$contains': ''}");
    }

    @Test
    void is_null_is_missing_or_json_null_but_not_an_array_holding_null() {
        ObjectNode doc = doc("{'nul': null, 'tags': [null], 'n': 0, 's': ''}");
        assertEquals(true, InMemoryMatcher.matches(new Condition.IsNull(BodyPath.of("nul"), true), doc));
        assertEquals(true, InMemoryMatcher.matches(new Condition.IsNull(BodyPath.of("missing"), true), doc));
        assertEquals(false, InMemoryMatcher.matches(new Condition.IsNull(BodyPath.of("tags"), true), doc));
        assertEquals(true, InMemoryMatcher.matches(new Condition.IsNull(BodyPath.of("n"), false), doc));
        assertEquals(true, InMemoryMatcher.matches(new Condition.IsNull(BodyPath.of("s"), false), doc));
        assertEquals(true, InMemoryMatcher.matches(new Condition.IsNull(SystemField.USERKEY, true), DOC));
    }

    private static void expectOn(ObjectNode doc, boolean expected, String match) {
        assertEquals(expected, InMemoryMatcher.matches(MatchParser.parse(json(match)), doc), match);
    }
}
