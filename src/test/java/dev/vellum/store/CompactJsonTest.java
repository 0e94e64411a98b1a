package dev.vellum.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompactJsonTest {

    @Test
    void drops_the_spaces_postgres_writes_between_tokens_and_keeps_strings_as_they_are() {
        assertThat(CompactJson.compact("{\"a b\": 1, \"c\": [1, \"x, y: z\", {\"d\": null}], \"e\": \"q\\\" , \\\\\"}"))
                .isEqualTo("{\"a b\":1,\"c\":[1,\"x, y: z\",{\"d\":null}],\"e\":\"q\\\" , \\\\\"}");
    }

    @Test
    void an_empty_object_stays_empty() {
        assertThat(CompactJson.compact("{}")).isEqualTo("{}");
    }
}
