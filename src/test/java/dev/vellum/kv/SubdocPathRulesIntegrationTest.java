package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Couchbase Server's path rules through {@code /lookup_in} and {@code /mutate_in}: a dot before an
 * index, a doubled backtick in an unquoted key, and the component limit checked before the dot rule.
 */
class SubdocPathRulesIntegrationTest extends SubdocHttpTest {

    private static final String GRID = "[[1, 2], [3, 4]]";
    private static final String TICKS = "{\"key`\": 1, \"a`b\": {\"c\": 2}, \"`\": 3}";

    @BeforeEach
    void documents() {
        createCustomer();
        create("grid", GRID);
        create("ticks", TICKS);
    }

    private static String spec(String op, String path, String value) {
        return "{\"op\": \"" + op + "\", \"path\": \"" + path + "\"" + (value == null ? "" : ", \"value\": " + value) + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dot_before_an_index           | customer123 | purchases.complete.[0]  | 339",
        "dot_before_the_last_element   | customer123 | purchases.complete.[-1] | 666",
        "dot_between_last_elements     | grid        | [-1].[-1]               | 4",
        "dots_between_indexes          | grid        | [0].[1]                 | 2",
        "doubled_backtick_ends_a_key   | ticks       | key``                   | 1",
        "doubled_backtick_inside_a_key | ticks       | a``b.c                  | 2",
        "the_same_key_in_backticks     | ticks       | `key```                 | 1",
        "a_key_that_is_a_backtick      | ticks       | ````                    | 3"})
    void lookup_in_follows_the_path(String behaviour, String key, String path, String value) {
        Reply reply = kv.lookupIn(doc(key), specs(spec("get", path, null), spec("exists", path, null)));
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
        assertThat(reply.body().get("results"))
                .isEqualTo(json("[{\"exists\": true, \"value\": " + value + "}, {\"exists\": true}]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dot_between_last_elements     | grid  | [-1].[-1] | [[1, 2], [3, \"X\"]]",
        "dot_before_an_index           | grid  | [0].[0]   | [[\"X\", 2], [3, 4]]",
        "doubled_backtick_ends_a_key   | ticks | key``     | {\"key`\": \"X\", \"a`b\": {\"c\": 2}, \"`\": 3}",
        "doubled_backtick_inside_a_key | ticks | a``b.c    | {\"key`\": 1, \"a`b\": {\"c\": \"X\"}, \"`\": 3}"})
    void mutate_in_writes_where_lookup_in_reads(String behaviour, String key, String path, String expected) {
        mutateStores(key, specs(spec("replace", path, "\"X\"")), expected);
        Reply read = kv.lookupIn(doc(key), specs(spec("get", path, null)));
        assertThat(read.body().get("results")).isEqualTo(json("[{\"exists\": true, \"value\": \"X\"}]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "doubled_backtick_key_is_created | key2`` | key2`",
        "doubled_backtick_before_a_dot   | k``.x  | k`"})
    void upsert_creates_the_key_with_one_backtick(String behaviour, String path, String stored) {
        mutateOk("ticks", specs("{\"op\": \"upsert\", \"path\": \"" + path + "\", \"value\": 5, \"create_parents\": true}"));
        assertThat(snapshot("ticks").content().has(stored)).isTrue();
    }

    static Stream<Arguments> limits() {
        String thirtyOne = dotted(31);
        return Stream.of(
                Arguments.of("32_dotted_indexes", "[0]" + ".[0]".repeat(31), "PATH_TOO_BIG"),
                Arguments.of("32_last_elements", "[-1]" + ".[-1]".repeat(31), "PATH_TOO_BIG"),
                Arguments.of("32_keys_with_doubled_dots", "a" + "..a".repeat(31), "PATH_TOO_BIG"),
                Arguments.of("32_keys_then_a_trailing_dot", thirtyOne + ".a.", "PATH_TOO_BIG"),
                Arguments.of("31_keys_then_a_trailing_dot", thirtyOne + ".", "PATH_INVALID"),
                Arguments.of("doubled_dot", "a..b", "PATH_INVALID"),
                Arguments.of("leading_dot_before_an_index", ".[0]", "PATH_INVALID"),
                Arguments.of("nothing_but_doubled_backticks", "``", "PATH_INVALID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void limits_come_before_the_dot_rule_in_both_routes(String behaviour, String path, String code) {
        assertRefused(kv.lookupIn(doc(CUSTOMER_KEY), specs(spec("get", "name", null), spec("get", path, null))), 400, code, 1);
        mutateRefused(CUSTOMER_KEY, specs(spec("upsert", "fax", "1"), spec("remove", path, null)), 400, code, 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "31_dotted_indexes_are_accepted | 31",
        "30_dotted_indexes_are_accepted | 30"})
    void a_path_within_the_limit_is_just_missing(String behaviour, int components) {
        String path = "[0]" + ".[0]".repeat(components - 1);
        Reply reply = kv.lookupIn(doc("grid"), specs(spec("exists", path, null)));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("results")).isEqualTo(json("[{\"exists\": false, \"error\": {\"code\": \"PATH_MISMATCH\"}}]"));
    }
}
