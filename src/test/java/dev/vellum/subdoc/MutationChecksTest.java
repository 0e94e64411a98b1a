package dev.vellum.subdoc;

import static dev.vellum.subdoc.SubdocFixtures.assertSpecError;
import static dev.vellum.subdoc.SubdocFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vellum.error.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Couchbase refuses before touching the document: path shapes per op, addunique values, depth. */
class MutationChecksTest {

    private static MutateRequest parse(String spec) {
        return SpecParser.mutations(json("{'specs': [{'op': 'remove', 'path': 'x'}, " + spec + "]}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "upsert_on_root                | PATH_INVALID      | {'op': 'upsert', 'path': '', 'value': 1}",
        "insert_on_root                | PATH_INVALID      | {'op': 'insert', 'path': '', 'value': 1}",
        "replace_root_with_a_scalar    | VALUE_CANT_INSERT | {'op': 'replace', 'path': '', 'value': 1}",
        "replace_root_with_null        | VALUE_CANT_INSERT | {'op': 'replace', 'path': '', 'value': null}",
        "remove_on_root                | PATH_INVALID      | {'op': 'remove', 'path': ''}",
        "insert_ending_in_index        | PATH_INVALID      | {'op': 'insert', 'path': 'a[0]', 'value': 1}",
        "upsert_ending_in_index        | PATH_INVALID      | {'op': 'upsert', 'path': 'a[-1]', 'value': 1}",
        "array_insert_ending_in_key    | PATH_INVALID      | {'op': 'array_insert', 'path': 'a.b', 'value': 1}",
        "array_insert_on_root          | PATH_INVALID      | {'op': 'array_insert', 'path': '', 'value': 1}",
        "array_insert_at_minus_one     | PATH_INVALID      | {'op': 'array_insert', 'path': 'a[-1]', 'value': 1}",
        "malformed_path                | PATH_INVALID      | {'op': 'upsert', 'path': 'a[', 'value': 1}",
        "path_of_32_components         | PATH_TOO_BIG      | {'op': 'remove', 'path': 'a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]'}",
        "addunique_object              | VALUE_CANT_INSERT | {'op': 'array_addunique', 'path': 'a', 'value': {'x': 1}}",
        "addunique_array               | VALUE_CANT_INSERT | {'op': 'array_addunique', 'path': 'a', 'value': [1]}",
        "addunique_two_values          | VALUE_CANT_INSERT | {'op': 'array_addunique', 'path': 'a', 'values': [1, 2]}",
        "addunique_array_in_values     | VALUE_CANT_INSERT | {'op': 'array_addunique', 'path': 'a', 'values': [[1]]}"})
    void refused_before_the_document_is_read(String behaviour, ErrorCode code, String spec) {
        assertSpecError(code, 1, () -> parse(spec));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "replace_may_name_an_element     | {'op': 'replace', 'path': 'a[-1]', 'value': 1}",
        "remove_may_name_an_element      | {'op': 'remove', 'path': 'a[0]'}",
        "array_append_on_root            | {'op': 'array_append', 'path': '', 'value': 1}",
        "replace_root_with_an_object     | {'op': 'replace', 'path': '', 'value': {'a': 1}}",
        "replace_root_with_an_array      | {'op': 'replace', 'path': '', 'value': [1]}",
        "array_insert_without_parents    | {'op': 'array_insert', 'path': 'a[0]', 'value': 1, 'create_parents': false}",
        "array_prepend_into_an_element   | {'op': 'array_prepend', 'path': 'a[-1]', 'value': 1}",
        "array_insert_at_zero            | {'op': 'array_insert', 'path': '[0]', 'value': 1}",
        "counter_on_an_element           | {'op': 'counter', 'path': 'a[1]', 'delta': 1}",
        "addunique_primitives            | {'op': 'array_addunique', 'path': 'a', 'values': [null]}"})
    void accepted_shapes(String behaviour, String spec) {
        assertEquals(2, parse(spec).specs().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // Root is level 1: a value at 'a' (level 2) may nest 31 levels, one more is too deep.
        "upsert_reaching_level_32         | upsert       | a             | 31 | false",
        "upsert_reaching_level_33         | upsert       | a             | 32 | true",
        "deeper_path_leaves_less_room     | upsert       | a.b.c         | 29 | false",
        "deeper_path_leaves_less_room_33  | upsert       | a.b.c         | 30 | true",
        "append_puts_the_value_one_deeper | array_append | a             | 30 | false",
        "append_one_deeper_is_too_deep    | array_append | a             | 31 | true",
        "append_on_root                   | array_append | ''            | 31 | false",
        "append_on_root_too_deep          | array_append | ''            | 32 | true",
        "array_insert_index_is_the_level  | array_insert | a[0]          | 30 | false",
        "array_insert_too_deep            | array_insert | a[0]          | 31 | true",
        "replace_root_takes_32_levels     | replace      | ''            | 32 | false",
        "replace_root_past_32_levels      | replace      | ''            | 33 | true"})
    void values_may_not_nest_the_document_beyond_32_levels(String behaviour, String op, String path, int depth, boolean tooDeep) {
        String value = "[".repeat(depth - 1) + "1" + "]".repeat(depth - 1);
        String spec = "{'op': '" + op + "', 'path': '" + path + "', 'value': " + value + "}";
        if (tooDeep) {
            assertSpecError(ErrorCode.VALUE_TOO_DEEP, 1, () -> parse(spec));
        } else {
            assertEquals(2, parse(spec).specs().size());
        }
    }
}
