package dev.vellum.subdoc;

import static dev.vellum.subdoc.SubdocFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vellum.subdoc.SubdocPath.Index;
import dev.vellum.subdoc.SubdocPath.Key;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Canonical rendering and the wire form of parsed paths. */
class SubdocPathTest {

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("root_renders_empty", SubdocPath.ROOT, ""),
                Arguments.of("plain_keys_are_dotted", SubdocPath.of("a", "b"), "a.b"),
                Arguments.of("indexes_take_brackets", SubdocPath.of("a", 0, -1), "a[0][-1]"),
                Arguments.of("leading_index_has_no_dot", SubdocPath.of(2, "x"), "[2].x"),
                Arguments.of("dot_key_is_backtick_quoted", SubdocPath.of("a.b", "c"), "`a.b`.c"),
                Arguments.of("brackets_are_backtick_quoted", SubdocPath.of("x[0]"), "`x[0]`"),
                Arguments.of("backtick_is_doubled_inside_quotes", SubdocPath.of("a`b"), "`a``b`"),
                Arguments.of("quote_and_backslash_are_json_escaped", SubdocPath.of("a\"b\\c"), "a\\\"b\\\\c"),
                Arguments.of("control_characters_are_json_escaped", SubdocPath.of("a\nb\u0001"), "a\\nb\\u0001"),
                Arguments.of("spaces_and_unicode_stay_as_they_are", SubdocPath.of("first name", "日本"), "first name.日本"),
                Arguments.of("digit_key_stays_a_key", SubdocPath.of("0"), "0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void renders_canonical_text_that_parses_back(String behaviour, SubdocPath path, String text) {
        assertEquals(text, path.render());
        assertEquals(path, SubdocPathParser.parse(text));
    }

    @Test
    void wire_form_has_strings_for_keys_and_integers_for_indexes() {
        assertEquals(json("['purchases', 'complete', -1, 'a.b', 0]"),
                SubdocPathParser.parse("purchases.complete[-1].`a.b`[0]").toWire());
        assertEquals(json("[]"), SubdocPath.ROOT.toWire());
        assertEquals(json("['0']"), SubdocPath.of("0").toWire());
    }

    @Test
    void components_reject_what_no_path_can_spell() {
        assertThrows(IllegalArgumentException.class, () -> new Key(""));
        assertThrows(IllegalArgumentException.class, () -> new Key("a\u0000"));
        assertThrows(IllegalArgumentException.class, () -> new Key("\ud800"));
        assertThrows(IllegalArgumentException.class, () -> new Index(-2));
    }

    @Test
    void last_component_and_size() {
        SubdocPath path = SubdocPath.of("a", 3);
        assertEquals(2, path.size());
        assertEquals(new Index(3), path.last().orElseThrow());
        assertEquals(true, SubdocPath.ROOT.last().isEmpty());
    }
}
