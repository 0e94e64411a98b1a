package dev.vellum.subdoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.subdoc.SubdocPath.Component;
import dev.vellum.subdoc.SubdocPath.Index;
import dev.vellum.subdoc.SubdocPath.Key;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** parse ∘ render is the identity on valid paths, and no input makes the parser throw anything but our error. */
class SubdocPathProperties {

    private static final Set<ErrorCode> PATH_ERRORS = Set.of(ErrorCode.PATH_INVALID, ErrorCode.PATH_TOO_BIG);

    @Property(tries = 2000)
    void parse_of_render_is_the_identity(@ForAll("paths") SubdocPath path) {
        String text = path.render();
        Assume.that(text.getBytes(StandardCharsets.UTF_8).length <= SubdocPathParser.MAX_BYTES);
        assertEquals(path, SubdocPathParser.parse(text), text);
    }

    @Property(tries = 2000)
    void any_string_parses_or_fails_with_a_path_error(@ForAll String text) {
        assertParsesOrPathError(text);
    }

    @Property(tries = 5000)
    void path_like_strings_parse_or_fail_with_a_path_error(@ForAll("pathLike") String text) {
        assertParsesOrPathError(text);
    }

    @Property(tries = 2000)
    void rendering_what_parsed_gives_the_same_path(@ForAll("pathLike") String text) {
        SubdocPath parsed;
        try {
            parsed = SubdocPathParser.parse(text);
        } catch (VellumException e) {
            return;
        }
        assertEquals(parsed, SubdocPathParser.parse(parsed.render()), text);
    }

    private static void assertParsesOrPathError(String text) {
        try {
            SubdocPathParser.parse(text);
        } catch (VellumException e) {
            assertTrue(PATH_ERRORS.contains(e.code()), e.code() + " for " + text);
        }
    }

    @Provide
    Arbitrary<SubdocPath> paths() {
        Arbitrary<Component> keys = Arbitraries.oneOf(
                        Arbitraries.strings().ofMinLength(1).ofMaxLength(8),
                        Arbitraries.strings().withChars("ab.[]`\\\"' \t\n-0é😀").ofMinLength(1).ofMaxLength(6))
                .filter(Key::isValidName)
                .map(Key::new);
        Arbitrary<Component> indexes = Arbitraries.oneOf(
                Arbitraries.integers().between(-1, 20), Arbitraries.integers().between(-1, Integer.MAX_VALUE))
                .map(Index::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(3, keys),
                        Tuple.of(1, indexes))
                .list().ofMaxSize(SubdocPathParser.MAX_COMPONENTS)
                .map(SubdocPath::new);
    }

    /** Strings over the path syntax's own characters, which reach every branch of the parser. */
    @Provide
    Arbitrary<String> pathLike() {
        return Arbitraries.strings().withChars("a0123-.[]`\\\"u/nd8 \té").ofMaxLength(40);
    }
}
