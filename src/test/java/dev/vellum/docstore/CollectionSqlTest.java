package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.Sql;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the collection catalog's statements: text and parameters, no database. */
class CollectionSqlTest {

    @Test
    void one_statement_reads_candidates_the_source_and_the_collections_its_references_setting_names() {
        Sql sql = CollectionSql.references(7, "posts", new LinkedHashSet<>(List.of("category", "categories")));
        assertThat(sql.text()).isEqualTo("select name, case when name = $1 and jsonb_typeof(settings -> 'references')"
                + " = 'object' then settings -> 'references' end as refs from collections where project_id = $2"
                + " and (name = any($3::text[]) or name = $4 or name in (select r.value from collections s,"
                + " jsonb_each_text(case when jsonb_typeof(s.settings -> 'references') = 'object' then s.settings ->"
                + " 'references' else '{}'::jsonb end) r where s.project_id = $5 and s.name = $6))");
        assertThat(sql.params()).hasSize(6);
        assertThat(sql.params().get(0)).isEqualTo("posts");
        assertThat((String[]) sql.params().get(2)).containsExactly("category", "categories");
        assertThat(sql.params().subList(3, 6)).containsExactly("posts", 7L, "posts");
    }
}
