package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertInvalid;
import static dev.vellum.query.QueryFixtures.assertSql;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vellum.sql.SqlBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SortParserTest {

    private static dev.vellum.sql.Sql render(String sort) {
        SqlBuilder sql = new SqlBuilder();
        SortRenderer.render(SortParser.parse(sort), sql);
        return sql.build();
    }

    @Test
    void absent_sort_is_newest_first() {
        List<SortKey> newest = List.of(new SortKey(SystemField.CREATED_AT, true));
        assertEquals(newest, SortParser.parse(null));
        assertEquals(newest, SortParser.parse("  "));
        assertSql(render(null), "order by created_at desc, key asc");
    }

    @Test
    void direction_is_optional_and_case_insensitive() {
        assertEquals(List.of(new SortKey(BodyPath.of("name"), false), new SortKey(SystemField.VERSION, true),
                        new SortKey(BodyPath.of("a", "b"), false)),
                SortParser.parse(" name ,_version DESC,a.b  Asc"));
    }

    @Test
    void body_paths_sort_by_bound_pointer_and_key_breaks_ties() {
        assertSql(render("name, _version desc"), "order by body #> $1::text[] asc, version desc, key asc",
                List.of("name"));
    }

    @Test
    void sorting_by_key_needs_no_extra_tie_breaker() {
        assertSql(render("_key desc"), "order by key desc");
        assertSql(render("_userkey, _key"), "order by owner asc, key asc");
    }

    @Test
    void bad_syntax_is_rejected() {
        assertInvalid("sort", () -> SortParser.parse("name sideways"));
        assertInvalid("sort", () -> SortParser.parse("name asc extra"));
        assertInvalid("sort", () -> SortParser.parse("name,"));
        assertInvalid("sort", () -> SortParser.parse(",name"));
        assertInvalid("_nope", () -> SortParser.parse("_nope desc"));
        assertInvalid("a..b", () -> SortParser.parse("a..b"));
    }
}
