package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Client text only ever becomes a quoted jsonpath literal; the narrowing stops at a fixed size. */
class JsonPathTextTest {

    @Test
    void keys_and_strings_are_quoted_with_quote_backslash_and_control_characters_escaped() {
        String[][] cases = {
            {"plain", "\"plain\""},
            {"a\"b", "\"a\\\"b\""},
            {"a\\b", "\"a\\\\b\""},
            {"line\nbreak\u0001\u007f", "\"line\\u000abreak\\u0001\\u007f\""},
            {") || true || (", "\") || true || (\""},
            {"$ ? (@ == 1)", "\"$ ? (@ == 1)\""},
            {"ünïcødé 😀", "\"ünïcødé 😀\""},
            {"", "\"\""},
        };
        for (String[] c : cases) {
            assertEquals(c[1], JsonPathText.quoted(c[0]), c[0]);
        }
    }

    @Test
    void values_and_equality_paths() {
        assertEquals("lax $.\"a\".\"b c\"", JsonPathText.values(List.of("a", "b c")));
        assertEquals("lax $.\"a\" ? (@ == \"x\" && @.type() != \"array\")", JsonPathText.equalTo(List.of("a"), json("'x'")));
    }

    @Test
    void narrowing_takes_at_most_sixteen_scalars() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            many.append(i == 0 ? "" : ",").append(i);
        }
        String narrowing = JsonPathText.narrowing(List.of("a"), json(many.append("]").toString()));
        assertEquals(JsonPathText.MAX_NARROWING_LEAVES, narrowing.split("&&").length);
        assertEquals("", JsonPathText.narrowing(List.of("a"), json("{'x': [], 'y': {}}")));
    }
}
