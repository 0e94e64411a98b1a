package dev.vellum.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The VALIDATION_ERROR a refused document gets: message, pointers, violations, index or key. */
class SchemaViolationsTest {

    @Test
    void a_single_document_names_its_first_violation_in_the_message_and_every_pointer_in_the_details() {
        VellumException e = SchemaViolations.error("products", new CheckedDocument(new byte[0], null, null), List.of(
                new SchemaViolation("/price", "minimum", "must have a minimum value of 0"),
                new SchemaViolation("/price", "multipleOf", "must be multiple of 5"),
                new SchemaViolation("/title", "required", "required property 'title' not found")));

        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(e.getMessage()).isEqualTo("the document does not match the collection's schema: /price: must have a minimum value of 0");
        assertThat(e.details()).containsOnlyKeys("collection", "pointers", "violations");
        assertThat(e.details().get("pointers")).isEqualTo(List.of("/price", "/title"));
        assertThat(e.details().get("violations")).isEqualTo(List.of(
                Map.of("pointer", "/price", "keyword", "minimum", "message", "must have a minimum value of 0"),
                Map.of("pointer", "/price", "keyword", "multipleOf", "message", "must be multiple of 5"),
                Map.of("pointer", "/title", "keyword", "required", "message", "required property 'title' not found")));
    }

    @Test
    void a_batch_names_the_index_a_stored_document_its_key_and_the_whole_document_is_said_in_words() {
        SchemaViolation whole = new SchemaViolation("", "type", "string found, object expected");
        VellumException batch = SchemaViolations.error("c", new CheckedDocument(new byte[0], 3, null), List.of(whole));
        assertThat(batch.getMessage()).isEqualTo("the document at index 3 does not match the collection's schema: the document: string found, object expected");
        assertThat(batch.details()).containsEntry("index", 3).doesNotContainKey("key");

        VellumException stored = SchemaViolations.error("c", new CheckedDocument(new byte[0], null, "k1"), List.of(whole));
        assertThat(stored.details()).containsEntry("key", "k1").doesNotContainKey("index");
    }

    @Test
    void at_most_twenty_violations_are_listed_and_the_rest_counted() {
        List<SchemaViolation> many = IntStream.range(0, 25)
                .mapToObj(i -> new SchemaViolation("/a/" + i, "type", "integer found, string expected")).toList();

        VellumException e = SchemaViolations.error("c", new CheckedDocument(new byte[0], null, null), many);

        assertThat((List<?>) e.details().get("violations")).hasSize(20);
        assertThat((List<?>) e.details().get("pointers")).hasSize(20).first().isEqualTo("/a/0");
        assertThat(e.details()).containsEntry("more", 5);
    }
}
