package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The populate target rules and the plural rule, without a database. */
class ReferenceTargetsTest {

    private static ReferenceTarget resolve(String entry, Set<String> existing, Map<String, String> references) {
        Populate.Field field = Populate.of(List.of(entry)).fields().get(0);
        return ReferenceTargets.resolve(field, new ReferenceCatalog(existing, references));
    }

    @Test
    void plurals_follow_simple_english_rules() {
        assertThat(ReferenceTargets.plural("category")).isEqualTo("categories");
        assertThat(ReferenceTargets.plural("box")).isEqualTo("boxes");
        assertThat(ReferenceTargets.plural("bus")).isEqualTo("buses");
        assertThat(ReferenceTargets.plural("church")).isEqualTo("churches");
        assertThat(ReferenceTargets.plural("dish")).isEqualTo("dishes");
        assertThat(ReferenceTargets.plural("day")).isEqualTo("days");
        assertThat(ReferenceTargets.plural("post")).isEqualTo("posts");
    }

    @Test
    void id_suffixes_are_dropped_for_the_name_rules() {
        assertThat(ReferenceTargets.byName("category_id")).containsExactly("category", "categories");
        assertThat(ReferenceTargets.byName("tag_ids")).containsExactly("tag", "tags");
        assertThat(ReferenceTargets.byName("Box")).containsExactly("box", "boxes");
    }

    @Test
    void rules_apply_in_order() {
        Set<String> all = Set.of("people", "author", "authors", "category", "categories");
        assertThat(resolve("author:category", all, Map.of("author", "people")))
                .isEqualTo(new ReferenceTarget.Documents("category"));
        assertThat(resolve("author", all, Map.of("author", "people"))).isEqualTo(new ReferenceTarget.Documents("people"));
        assertThat(resolve("author_id", all, Map.of("author", "people"))).isEqualTo(new ReferenceTarget.Documents("people"));
        assertThat(resolve("author", all, Map.of())).isEqualTo(new ReferenceTarget.AppUsers());
        assertThat(resolve("owner_ids", all, Map.of())).isEqualTo(new ReferenceTarget.AppUsers());
        assertThat(resolve("category", all, Map.of())).isEqualTo(new ReferenceTarget.Documents("category"));
        assertThat(resolve("category", Set.of("categories"), Map.of())).isEqualTo(new ReferenceTarget.Documents("categories"));
        assertThat(resolve("category", Set.of(), Map.of())).isEqualTo(new ReferenceTarget.Unresolved());
        assertThat(resolve("author", all, Map.of("author", "gone"))).isEqualTo(new ReferenceTarget.Unresolved());
    }

    @Test
    void candidate_names_cover_explicit_targets_and_name_rules() {
        assertThat(ReferenceTargets.candidateNames(Populate.of(List.of("a:people", "box"))))
                .containsExactly("people", "box", "boxes");
    }
}
