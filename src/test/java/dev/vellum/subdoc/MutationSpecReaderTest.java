package dev.vellum.subdoc;

import static dev.vellum.subdoc.SubdocFixtures.assertSpecError;
import static dev.vellum.subdoc.SubdocFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vellum.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One mutate_in spec: its shape (VALIDATION_ERROR naming spec and field) and counter deltas. */
class MutationSpecReaderTest {

    private static MutationSpec read(String spec) {
        return SpecParser.mutations(json("{'specs': [" + spec + "]}")).specs().get(0);
    }

    @Test
    void value_that_is_an_array_is_one_nested_element() {
        MutationSpec spec = read("{'op': 'array_append', 'path': 'purchases.complete', 'value': [998, 999]}");
        assertEquals(List.of(json("[998, 999]")), spec.values());
    }

    @Test
    void values_add_several_elements_in_order() {
        MutationSpec spec = read("{'op': 'array_prepend', 'path': 'a', 'values': [1, [2], {'x': 3}]}");
        assertEquals(List.of(json("1"), json("[2]"), json("{'x': 3}")), spec.values());
    }

    @Test
    void null_is_a_value() {
        assertEquals(List.of(json("null")), read("{'op': 'upsert', 'path': 'fax', 'value': null}").values());
    }

    @Test
    void create_path_is_accepted_as_create_parents() {
        assertEquals(true, read("{'op': 'upsert', 'path': 'a.b', 'value': 1, 'create_path': true}").createParents());
        assertEquals(true, read("{'op': 'upsert', 'path': 'a.b', 'value': 1, 'create_parents': true}").createParents());
        assertEquals(false, read("{'op': 'upsert', 'path': 'a.b', 'value': 1}").createParents());
    }

    @Test
    void counter_reads_a_signed_64_bit_delta() {
        MutationSpec spec = read("{'op': 'counter', 'path': 'logins', 'delta': -9223372036854775808}");
        assertEquals(Long.MIN_VALUE, spec.delta());
        assertEquals(List.of(), spec.values());
        assertEquals(Long.MAX_VALUE, read("{'op': 'counter', 'path': 'n', 'delta': 9223372036854775807}").delta());
    }

    @Test
    void remove_has_no_values_and_no_delta() {
        MutationSpec spec = read("{'op': 'remove', 'path': 'email'}");
        assertEquals(new MutationSpec(MutationOp.REMOVE, SubdocPath.of("email"), List.of(), null, false), spec);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown_op                   | op             | {'op': 'merge', 'path': 'a', 'value': 1}",
        "op_not_a_string              | op             | {'op': 1, 'path': 'a', 'value': 1}",
        "path_missing                 | path           | {'op': 'upsert', 'value': 1}",
        "path_not_a_string            | path           | {'op': 'upsert', 'path': null, 'value': 1}",
        "unknown_spec_field           | xattr          | {'op': 'upsert', 'path': 'a', 'value': 1, 'xattr': true}",
        "value_and_values_both        | values         | {'op': 'array_append', 'path': 'a', 'value': 1, 'values': [2]}",
        "values_empty                 | values         | {'op': 'array_append', 'path': 'a', 'values': []}",
        "values_not_an_array          | values         | {'op': 'array_append', 'path': 'a', 'values': 1}",
        "values_for_upsert            | values         | {'op': 'upsert', 'path': 'a', 'values': [1]}",
        "values_for_replace           | values         | {'op': 'replace', 'path': 'a', 'values': [1]}",
        "upsert_without_value         | value          | {'op': 'upsert', 'path': 'a'}",
        "insert_without_value         | value          | {'op': 'insert', 'path': 'a'}",
        "replace_without_value        | value          | {'op': 'replace', 'path': 'a'}",
        "array_append_without_value   | value          | {'op': 'array_append', 'path': 'a'}",
        "array_insert_without_value   | value          | {'op': 'array_insert', 'path': 'a[0]'}",
        "remove_with_value            | value          | {'op': 'remove', 'path': 'a', 'value': 1}",
        "counter_with_value           | value          | {'op': 'counter', 'path': 'a', 'value': 1, 'delta': 1}",
        "counter_with_values          | values         | {'op': 'counter', 'path': 'a', 'values': [1], 'delta': 1}",
        "delta_for_upsert             | delta          | {'op': 'upsert', 'path': 'a', 'value': 1, 'delta': 1}",
        "create_parents_not_boolean   | create_parents | {'op': 'upsert', 'path': 'a', 'value': 1, 'create_parents': 'yes'}",
        "create_parents_null          | create_parents | {'op': 'upsert', 'path': 'a', 'value': 1, 'create_parents': null}",
        "create_path_not_boolean      | create_path    | {'op': 'upsert', 'path': 'a', 'value': 1, 'create_path': 1}",
        "create_path_and_parents_both | create_path    | {'op': 'upsert', 'path': 'a', 'value': 1, 'create_path': true, 'create_parents': true}",
        "array_insert_create_parents  | create_parents | {'op': 'array_insert', 'path': 'a[0]', 'value': 1, 'create_parents': true}",
        "array_insert_create_path     | create_path    | {'op': 'array_insert', 'path': 'a.b[0]', 'value': 1, 'create_path': true}"})
    void malformed_spec_is_a_validation_error_naming_spec_and_field(String behaviour, String field, String spec) {
        String body = "{'specs': [{'op': 'remove', 'path': 'x'}, " + spec + "]}";
        var e = assertSpecError(ErrorCode.VALIDATION_ERROR, 1, () -> SpecParser.mutations(json(body)));
        assertEquals(field, e.details().get("field"));
    }

    @ParameterizedTest(name = "delta_invalid: {0}")
    @CsvSource(delimiter = '|', value = {
        "missing              | {'op': 'counter', 'path': 'n'}",
        "null                 | {'op': 'counter', 'path': 'n', 'delta': null}",
        "zero                 | {'op': 'counter', 'path': 'n', 'delta': 0}",
        "fraction             | {'op': 'counter', 'path': 'n', 'delta': 1.5}",
        "integral_float       | {'op': 'counter', 'path': 'n', 'delta': 1.0}",
        "string               | {'op': 'counter', 'path': 'n', 'delta': '1'}",
        "above_signed_64_bits | {'op': 'counter', 'path': 'n', 'delta': 9223372036854775808}",
        "below_signed_64_bits | {'op': 'counter', 'path': 'n', 'delta': -9223372036854775809}"})
    void counter_delta_must_be_a_non_zero_64_bit_integer(String behaviour, String spec) {
        assertSpecError(ErrorCode.DELTA_INVALID, 0, () -> SpecParser.mutations(json("{'specs': [" + spec + "]}")));
    }

    @Test
    void shape_errors_come_before_path_errors_within_a_spec() {
        assertSpecError(ErrorCode.VALIDATION_ERROR, 0,
                () -> SpecParser.mutations(json("{'specs': [{'op': 'upsert', 'path': 'a..b'}]}")));
    }
}
