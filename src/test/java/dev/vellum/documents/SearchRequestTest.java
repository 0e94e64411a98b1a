package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.VellumException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search parameters: limits, field names and the term, checked before any SQL is rendered. */
class SearchRequestTest {

    @Test
    void named_fields_are_stripped_and_deduplicated_in_order() {
        SearchRequest search = SearchRequest.of("x", List.of("title", " meta.summary", "title"), 5);
        assertThat(search.allFields()).isFalse();
        assertThat(search.fieldArray()).containsExactly("title", "meta.summary");
        assertThat(SearchRequest.of("x", null, 5).allFields()).isTrue();
    }

    @Test
    void limits_fields_and_term_length_are_validated() {
        assertThatThrownBy(() -> SearchRequest.of("x", null, 0)).isInstanceOf(VellumException.class);
        assertThatThrownBy(() -> SearchRequest.of("x", null, SearchRequest.MAX_LIMIT + 1))
                .isInstanceOf(VellumException.class).hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> SearchRequest.of("x", List.of("id"), 20)).hasMessageContaining("system field");
        assertThatThrownBy(() -> SearchRequest.of("x", List.of("a..b"), 20)).isInstanceOf(VellumException.class);
        assertThatThrownBy(() -> SearchRequest.of("x", List.of(" "), 20)).hasMessageContaining("empty field name");
        assertThatThrownBy(() -> SearchRequest.of("x".repeat(SearchRequest.MAX_TERM_LENGTH + 1), null, 20))
                .isInstanceOf(VellumException.class);
        assertThat(SearchRequest.of("  ", null, 20).blank()).isTrue();
        assertThat(SearchRequest.of(null, null, 20).blank()).isTrue();
    }
}
