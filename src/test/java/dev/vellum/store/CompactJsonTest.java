package dev.vellum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompactJsonTest {

    private static String compact(String json) {
        return new String(CompactJson.compact(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void drops_the_spaces_postgres_writes_between_tokens_and_keeps_strings_as_they_are() {
        assertThat(compact("{\"a b\": 1, \"c\": [1, \"x, y: z\", {\"d\": null}], \"e\": \"q\\\" , \\\\\", \"f\": 2}"))
                .isEqualTo("{\"a b\":1,\"c\":[1,\"x, y: z\",{\"d\":null}],\"e\":\"q\\\" , \\\\\",\"f\":2}");
    }

    @Test
    void multi_byte_characters_pass_through_unchanged() {
        assertThat(compact("{\"\u00fcn\u00ef\": \"\u00e7\u00f8d\u00e9 \uD83D\uDE00\", \"\u4e2d\": [\"\u6587 \"]}"))
                .isEqualTo("{\"\u00fcn\u00ef\":\"\u00e7\u00f8d\u00e9 \uD83D\uDE00\",\"\u4e2d\":[\"\u6587 \"]}");
    }

    @Test
    void an_empty_object_stays_empty() {
        assertThat(compact("{}")).isEqualTo("{}");
    }
}
