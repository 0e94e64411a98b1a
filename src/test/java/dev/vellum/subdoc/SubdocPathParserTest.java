package dev.vellum.subdoc;

import static dev.vellum.subdoc.SubdocFixtures.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vellum.error.ErrorCode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Table tests after subjson's t_path: syntax, escapes, backticks, {@code [-1]}, limits. */
class SubdocPathParserTest {

    static Stream<Arguments> validPaths() {
        return Stream.of(
                Arguments.of("empty_text_is_the_root", "", SubdocPath.ROOT),
                Arguments.of("one_key", "name", SubdocPath.of("name")),
                Arguments.of("dotted_keys", "addresses.billing.country", SubdocPath.of("addresses", "billing", "country")),
                Arguments.of("key_then_index", "purchases.complete[0]", SubdocPath.of("purchases", "complete", 0)),
                Arguments.of("consecutive_indexes", "a[0][1]", SubdocPath.of("a", 0, 1)),
                Arguments.of("indexes_into_a_root_array", "[1][2][3]", SubdocPath.of(1, 2, 3)),
                Arguments.of("key_after_index", "array[1].item[9]", SubdocPath.of("array", 1, "item", 9)),
                Arguments.of("minus_one_is_the_last_element", "a[-1]", SubdocPath.of("a", -1)),
                Arguments.of("minus_one_repeats", "foo[-1][-1][-1]", SubdocPath.of("foo", -1, -1, -1)),
                Arguments.of("leading_zeros_are_allowed", "a[007]", SubdocPath.of("a", 7)),
                Arguments.of("largest_index", "a[2147483647]", SubdocPath.of("a", Integer.MAX_VALUE)),
                Arguments.of("digits_outside_brackets_are_a_key", "0", SubdocPath.of("0")),
                Arguments.of("backticks_make_a_dot_literal", "`a.b`.c", SubdocPath.of("a.b", "c")),
                Arguments.of("every_component_in_backticks", "`simple`.`escaped`.`path`", SubdocPath.of("simple", "escaped", "path")),
                Arguments.of("backticks_before_an_index", "escaped.`arr.idx`[9]", SubdocPath.of("escaped", "arr.idx", 9)),
                Arguments.of("doubled_backtick_is_a_backtick", "`BACKTICK``HAPPY`.`CAMPER`", SubdocPath.of("BACKTICK`HAPPY", "CAMPER")),
                Arguments.of("only_a_backtick", "````", SubdocPath.of("`")),
                Arguments.of("brackets_and_dots_in_backticks", "`literal[]bracket`.`literal.dot`", SubdocPath.of("literal[]bracket", "literal.dot")),
                Arguments.of("backticks_may_quote_part_of_a_key", "`a.`b", SubdocPath.of("a.b")),
                Arguments.of("json_escaped_quote", "literal\\\"quote.array", SubdocPath.of("literal\"quote", "array")),
                Arguments.of("json_escapes_inside_backticks", "`a\\\"b.c`", SubdocPath.of("a\"b.c")),
                Arguments.of("escaped_backslash", "a\\\\b", SubdocPath.of("a\\b")),
                Arguments.of("escaped_solidus_newline_tab", "a\\/b\\nc\\td", SubdocPath.of("a/b\nc\td")),
                Arguments.of("unicode_escape", "caf\\u00e9", SubdocPath.of("café")),
                Arguments.of("surrogate_pair_escape", "\\ud83d\\ude00", SubdocPath.of("😀")),
                Arguments.of("unicode_keys", "ünïcødé.日本語[0].😀", SubdocPath.of("ünïcødé", "日本語", 0, "😀")),
                Arguments.of("spaces_are_part_of_keys", " first name .x", SubdocPath.of(" first name ", "x")),
                Arguments.of("spaces_and_brackets_in_backticks", "`a [b] c`", SubdocPath.of("a [b] c")),
                // Couchbase Server and its SDKs accept a dot before an index
                Arguments.of("dot_before_an_index", "a.[2]", SubdocPath.of("a", 2)),
                Arguments.of("dot_between_last_elements", "[-1].[-1]", SubdocPath.of(-1, -1)),
                Arguments.of("dots_between_indexes", "[1].[2].[3]", SubdocPath.of(1, 2, 3)),
                Arguments.of("dot_after_and_before_an_index", "a[0].[1].b", SubdocPath.of("a", 0, 1, "b")),
                Arguments.of("dot_before_an_index_after_backticks", "`a.b`.[0]", SubdocPath.of("a.b", 0)),
                // a doubled backtick is a literal backtick outside backticks too
                Arguments.of("doubled_backtick_ends_an_unquoted_key", "key``", SubdocPath.of("key`")),
                Arguments.of("doubled_backtick_inside_an_unquoted_key", "a``b", SubdocPath.of("a`b")),
                Arguments.of("doubled_backtick_starts_an_unquoted_key", "``a.b", SubdocPath.of("`a", "b")),
                Arguments.of("doubled_backtick_before_an_index", "key``[0]", SubdocPath.of("key`", 0)),
                Arguments.of("doubled_then_quoted", "a```.b`", SubdocPath.of("a`.b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPaths")
    void parses(String behaviour, String text, SubdocPath expected) {
        assertEquals(expected, SubdocPathParser.parse(text));
    }

    @ParameterizedTest(name = "path_invalid: [{0}]")
    @ValueSource(strings = {
        ".", "....", ".a", "a.", "a..b", ".[0]", "[0].", "a[0].", "a.[0].", "[0]..[1]", "a.\u002e",
        "a[", "a[0", "[", "a[]", "a[x]", "[not][a][number]", "a[ 1]", "a[1 ]", "a[+1]", "a[1.5]",
        "a[-2]", "a[-0]", "a[--1]", "a[2147483648]", "a[99999999999999999999]",
        "a[0]b", "hello[0]world", "a[0]`b`", "a]", "]", "a]b",
        "`a", "a`", "`a``", "``", "``.a", "a.``", "``[0]", "a```",
        "\"invalid.path", "a\"b", "a\tb", "a\nb", "a\\", "a\\qb", "a\\`b", "a\\u12", "a\\u12zz", "a\\u0000",
        "a\\ud800", "a\\udc00b", "a\ud800", "\udc00"})
    void rejects_malformed_paths_as_path_invalid(String text) {
        assertCode(ErrorCode.PATH_INVALID, () -> SubdocPathParser.parse(text));
    }

    /** components: the size parsed; -1 for PATH_TOO_BIG, -2 for PATH_INVALID. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void limits_count_bytes_and_components(String behaviour, String text, int components) {
        if (components == -2) {
            assertCode(ErrorCode.PATH_INVALID, () -> SubdocPathParser.parse(text));
        } else if (components < 0) {
            assertCode(ErrorCode.PATH_TOO_BIG, () -> SubdocPathParser.parse(text));
        } else {
            assertEquals(components, SubdocPathParser.parse(text).size());
        }
    }

    static Stream<Arguments> limits() {
        String thirtyOne = "a" + ".a".repeat(30);
        return Stream.of(
                Arguments.of("exactly_1024_bytes_is_accepted", "a".repeat(1024), 1),
                Arguments.of("1025_bytes_is_too_big", "a".repeat(1025), -1),
                Arguments.of("bytes_not_chars_1024", "é".repeat(512), 1),
                Arguments.of("bytes_not_chars_1026", "é".repeat(513), -1),
                Arguments.of("size_is_checked_before_syntax", ".".repeat(1025), -1),
                Arguments.of("31_keys_are_accepted", thirtyOne, 31),
                Arguments.of("32_keys_are_too_big", thirtyOne + ".a", -1),
                Arguments.of("31_indexes_are_accepted", "[0]".repeat(31), 31),
                Arguments.of("32_indexes_are_too_big", "[0]".repeat(32), -1),
                Arguments.of("keys_and_indexes_count_alike", "a" + "[-1]".repeat(31), -1),
                Arguments.of("31_dotted_indexes_are_accepted", "[0]" + ".[0]".repeat(30), 31),
                Arguments.of("32_dotted_indexes_are_too_big", "[-1]" + ".[-1]".repeat(31), -1),
                // the limit is checked before the dot rule, whatever the separators
                Arguments.of("32_components_with_doubled_dots_are_too_big", "a" + "..a".repeat(31), -1),
                Arguments.of("32_components_after_a_leading_dot_are_too_big", "." + thirtyOne + ".a", -1),
                Arguments.of("32_components_with_a_trailing_dot_are_too_big", thirtyOne + ".a.", -1),
                Arguments.of("31_components_with_a_trailing_dot_are_invalid", thirtyOne + ".", -2));
    }

    @Test
    void null_is_path_invalid() {
        assertCode(ErrorCode.PATH_INVALID, () -> SubdocPathParser.parse(null));
    }
}
