package dev.vellum.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.docstore.DocumentRow;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The NDJSON line put together from a stored body's bytes is exactly the line the tree would write. */
class DocumentJsonTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final DocumentJson JSON = new DocumentJson(MAPPER);
    private static final String CREATED = "2026-12-03T07:05:01.250Z";
    private static final String MODIFIED = "2026-12-03T10:00:00.000Z";

    private static DocumentRow row(String owner, String storedBody) {
        return new DocumentRow("6f1c0a", owner, storedBody.getBytes(StandardCharsets.UTF_8), 7, CREATED, MODIFIED);
    }

    private static String viaTree(DocumentRow row) {
        return MAPPER.writeValueAsString(JSON.render(row)) + "\n";
    }

    private static String line(DocumentRow row) {
        byte[] line = JSON.line(row);
        return line == null ? null : new String(line, StandardCharsets.UTF_8);
    }

    @Test
    void a_line_is_the_tree_written_compactly_with_the_system_fields_first() {
        DocumentRow row = row("user \"1\"", "{\"a\": 1, \"name\": \"Zoë \\\"q\\\" \\n 😀\", \"tags\": [\"x\", {\"b\": null}], \"ok\": true}");
        assertThat(line(row)).isEqualTo(viaTree(row)).isEqualTo("{\"_key\":\"6f1c0a\",\"_userkey\":\"user \\\"1\\\"\","
                + "\"_created_at\":\"2026-12-03T07:05:01.250Z\",\"_modified_at\":\"2026-12-03T10:00:00.000Z\",\"_version\":7,"
                + "\"a\":1,\"name\":\"Zoë \\\"q\\\" \\n 😀\",\"tags\":[\"x\",{\"b\":null}],\"ok\":true}\n");
    }

    @Test
    void owners_are_quoted_as_jackson_quotes_them_whether_or_not_they_need_escapes() {
        for (String owner : new String[] {"u_123", "user \"1\"", "back\\slash", "tab\there", "nul\u0000x", "\u001f",
                "Zoë 😀", "del\u007f", "line\u2028sep"}) {
            DocumentRow row = row(owner, "{\"a\": 1}");
            assertThat(line(row)).as(owner).isEqualTo(viaTree(row));
        }
    }

    @Test
    void an_empty_body_and_a_missing_owner() {
        DocumentRow row = row(null, "{}");
        assertThat(line(row)).isEqualTo(viaTree(row)).endsWith("\"_version\":7}\n").contains("\"_userkey\":null");
    }

    @Test
    void a_page_document_is_its_line_without_the_newline() {
        for (String body : new String[] {"{}", "{\"a\": [1, {\"b\": \"é\"}]}"}) {
            DocumentRow row = row("u_1", body);
            assertThat(new String(JSON.utf8(row), StandardCharsets.UTF_8) + "\n").as(body).isEqualTo(line(row));
        }
        assertThat(JSON.utf8(row(null, "[1]"))).isNull();
    }

    @Test
    void bodies_only_the_tree_renders_are_left_to_it() {
        assertThat(line(row(null, "[1, 2]"))).as("an array body becomes _value").isNull();
        assertThat(line(row(null, "{\"a\": {\"_key\": 1}}"))).as("a system name anywhere").isNull();
        assertThat(line(row(null, "{\"note\": \"_version\"}"))).as("even as a string value").isNull();
        assertThat(line(row(null, "{\"_keys\": 1, \"_x\": \"_userkeys\"}"))).as("other names starting with _ are fine").isNotNull();
        assertThat(line(row(null, "{\"_created_at\": 1}"))).as("the first member").isNull();
        assertThat(line(row(null, "{\"a\": [\"_modified_at\"]}"))).as("in an array").isNull();
    }

    @Test
    void only_a_string_that_starts_with_a_system_name_counts_and_whitespace_between_tokens_goes() {
        for (String body : new String[] {
                "{\"a\": \"x \\\"_key\\\" y\"}", // an escaped quote inside a string starts nothing
                "{\"a\": \"\\\\\", \"b\": \"_\"}", // a string ending in a backslash, then a short one
                " {\n\t\"a\" :\r\n [ 1 , 2 ] ,\"b\": { } } ",
                "{\"sp ace\": \" _key \", \"n\": -1.25}"}) {
            DocumentRow row = row("u_1", body);
            assertThat(line(row)).as(body).isEqualTo(viaTree(row));
        }
    }
}
