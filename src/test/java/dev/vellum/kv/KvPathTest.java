package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.VellumException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KvPathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc|abc",
        "a%20b|a b",
        "a+b|a+b",
        "a%2Fb|a/b",
        "x;y|x;y",
        "%C3%A9|é",
        "%c3%a9|é",
        "%F0%9F%98%80|😀",
        "é|é",
        "😀|😀",
    })
    void decodes_percent_escapes_as_utf8_and_keeps_everything_else(String raw, String expected) {
        assertThat(KvPath.decode(raw, "key")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%2", "ab%2", "%zz", "%G0", "%FF", "%C3", "%C3%28", "%ED%A0%80"})
    void refuses_broken_escapes_and_malformed_utf8(String raw) {
        assertThatThrownBy(() -> KvPath.decode(raw, "key"))
                .isInstanceOfSatisfying(VellumException.class, e -> assertThat(e.details()).containsEntry("field", "key"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 250})
    void keys_of_one_to_250_bytes_are_valid(int bytes) {
        assertThat(KvPath.requireKey("k".repeat(bytes))).hasSize(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\u0000b"})
    void empty_keys_and_nul_are_refused(String key) {
        assertThatThrownBy(() -> KvPath.requireKey(key)).isInstanceOf(VellumException.class);
    }

    @Test
    void the_byte_limit_counts_utf8_bytes_not_characters() {
        assertThat(KvPath.requireKey("é".repeat(125))).hasSize(125);
        assertThatThrownBy(() -> KvPath.requireKey("é".repeat(125) + "a")).isInstanceOf(VellumException.class);
    }
}
