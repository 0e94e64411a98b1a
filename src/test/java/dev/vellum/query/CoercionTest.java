package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.MAPPER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The documented coercion of query-string values, one row per rule and edge. */
class CoercionTest {

    /** Columns: raw value, expected JSON (compact), expected node type. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', emptyValue = "", textBlock = """
            true            | true          | BOOLEAN
            false           | false         | BOOLEAN
            null            | null          | NULL
            0               | 0             | NUMBER
            -0              | 0             | NUMBER
            42              | 42            | NUMBER
            -17             | -17           | NUMBER
            9223372036854775807 | 9223372036854775807 | NUMBER
            123456789012345678901234567890 | 123456789012345678901234567890 | NUMBER
            1.50            | 1.50          | NUMBER
            0.1             | 0.1           | NUMBER
            1e3             | 1E+3          | NUMBER
            2.5E-2          | 0.025         | NUMBER
            "123"           | "123"         | STRING
            "true"          | "true"        | STRING
            "null"          | "null"        | STRING
            ""              | ""            | STRING
            "a"b"           | "a\\"b"       | STRING
            ''              | ""            | STRING
            007             | "007"         | STRING
            01234           | "01234"       | STRING
            +1              | "+1"          | STRING
            1.              | "1."          | STRING
            .5              | ".5"          | STRING
            1e              | "1e"          | STRING
            0x10            | "0x10"        | STRING
            NaN             | "NaN"         | STRING
            Infinity        | "Infinity"    | STRING
            True            | "True"        | STRING
            NULL            | "NULL"        | STRING
            ' 1'            | " 1"          | STRING
            1e1001          | "1e1001"      | STRING
            1e-1001         | "1e-1001"     | STRING
            1e99999999999   | "1e99999999999" | STRING
            "               | "\\""         | STRING
            published       | "published"   | STRING
            2024-01-01      | "2024-01-01"  | STRING
            """)
    void coerces_a_query_string_value(String raw, String json, String type) {
        JsonNode node = Coercion.coerce(raw);
        assertEquals(type, node.getNodeType().name(), raw);
        assertEquals(json, MAPPER.writeValueAsString(node), raw);
    }

    @ParameterizedTest(name = "text {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', emptyValue = "", textBlock = """
            123             | "123"
            true            | "true"
            007             | "007"
            null            | null
            "null"          | "null"
            "x"             | "x"
            ''              | ""
            """)
    void text_targets_only_unquote_and_read_null(String raw, String json) {
        assertEquals(json, MAPPER.writeValueAsString(Coercion.coerceText(raw)), raw);
    }

    @ParameterizedTest(name = "split {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', emptyValue = "", textBlock = """
            a,b,c           | a/b/c
            a               | a
            ''              | ''
            a,,b            | a//b
            a,              | a/
            '"a,b",c'       | "a,b"/c
            '"a,b"'         | "a,b"
            '"a"x,b'        | "a"x/b
            '"a,b'          | "a/b
            ' a, b'         | ' a/ b'
            """)
    void splits_comma_lists_outside_quotes(String raw, String elements) {
        List<String> expected = List.of(elements.replace("'", "").split("/", -1));
        assertEquals(expected, Coercion.splitList(raw), raw);
    }

    @ParameterizedTest
    @CsvSource({"42, IntNode", "3000000000, LongNode", "99999999999999999999, BigIntegerNode", "1.5, DecimalNode"})
    void numbers_are_exact_and_never_doubles(String raw, String nodeClass) {
        assertEquals(nodeClass, Coercion.coerce(raw).getClass().getSimpleName());
    }
}
