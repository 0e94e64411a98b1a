package dev.vellum.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.util.RawValue;

/** UTF-8 JSON text written as a raw value: the same text whether the generator writes bytes or chars. */
class RawUtf8Test {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static String written(String json, boolean asBytes) {
        ArrayNode data = MAPPER.createArrayNode();
        data.addRawValue(new RawValue(new RawUtf8(json.getBytes(StandardCharsets.UTF_8))));
        data.add(1);
        return asBytes ? new String(MAPPER.writeValueAsBytes(data), StandardCharsets.UTF_8) : MAPPER.writeValueAsString(data);
    }

    @Test
    void the_text_goes_out_as_it_is_through_a_byte_or_a_char_generator() {
        String json = "{\"name\":\"Zoë 😀\",\"quote\":\"\\\"x\\\"\",\"n\":1.50}";
        assertThat(written(json, true)).isEqualTo("[" + json + ",1]");
        assertThat(written(json, false)).isEqualTo("[" + json + ",1]");
    }

    @Test
    void a_text_longer_than_the_generator_buffer_is_written_whole() {
        String json = "{\"big\":\"" + "é".repeat(40_000) + "\"}";
        assertThat(written(json, true)).isEqualTo("[" + json + ",1]");
        assertThat(written(json, false)).isEqualTo("[" + json + ",1]");
    }

    @Test
    void the_other_forms_agree_with_the_text() throws Exception {
        RawUtf8 raw = new RawUtf8("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(raw.getValue()).isEqualTo("{\"a\":\"é\"}");
        assertThat(raw.charLength()).isEqualTo(9);
        assertThat(new String(raw.asQuotedChars())).isEqualTo("{\\\"a\\\":\\\"é\\\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(raw.writeUnquotedUTF8(out)).isEqualTo(10);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"é\"}");
        assertThat(raw.appendUnquotedUTF8(new byte[5], 0)).as("no room").isEqualTo(-1);
        assertThat(raw.putUnquotedUTF8(ByteBuffer.allocate(5))).as("no room").isEqualTo(-1);
        char[] chars = new char[12];
        assertThat(raw.appendUnquoted(chars, 1)).isEqualTo(9);
        assertThat(new String(chars, 1, 9)).isEqualTo("{\"a\":\"é\"}");
    }
}
