package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertSql;
import static dev.vellum.query.QueryFixtures.render;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the SQL for system fields: typed parameters on columns, null-safe owner. */
class SystemFieldRendererTest {

    private static final OffsetDateTime NEW_YEAR = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void key_compares_the_key_column() {
        assertSql(render("{'_key': 'k1'}"), "(key = $1)", "k1");
        assertSql(render("{'_key:$ne': 'k1'}"), "(key <> $1)", "k1");
        assertSql(render("{'_key:$in': ['a', 'b']}"), "(key = any($1::text[]))", List.of("a", "b"));
        assertSql(render("{'_key:$nin': ['a']}"), "(not (key = any($1::text[])))", List.of("a"));
        assertSql(render("{'_key:$in': []}"), "(false)");
        assertSql(render("{'_key:$gt': 'm'}"), "(key > $1)", "m");
    }

    @Test
    void userkey_is_null_safe() {
        assertSql(render("{'_userkey': 'u1'}"), "(owner is not null and owner = $1)", "u1");
        assertSql(render("{'_userkey': null}"), "(owner is null)");
        assertSql(render("{'_userkey:$ne': 'u1'}"), "(owner is distinct from $1)", "u1");
        assertSql(render("{'_userkey:$ne': null}"), "(owner is not null)");
        assertSql(render("{'_userkey:$in': ['u1', 'u2']}"), "(owner is not null and owner = any($1::text[]))",
                List.of("u1", "u2"));
        assertSql(render("{'_userkey:$in': ['u1', null]}"), "(owner is null or owner = any($1::text[]))",
                List.of("u1"));
        assertSql(render("{'_userkey:$in': [null]}"), "(owner is null)");
        assertSql(render("{'_userkey:$nin': ['u1']}"), "(not (owner is not null and owner = any($1::text[])))",
                List.of("u1"));
        assertSql(render("{'_userkey:$lt': 'm'}"), "(owner is not null and owner < $1)", "m");
    }

    @Test
    void timestamps_bind_as_utc_offset_date_times() {
        assertSql(render("{'_created_at:$gte': '2024-01-01T00:00:00Z'}"), "(created_at >= $1)", NEW_YEAR);
        assertSql(render("{'_created_at:$lt': '2024-01-01T02:00:00.123+02:00'}"), "(created_at < $1)",
                NEW_YEAR.plusNanos(123_000_000));
        assertSql(render("{'_modified_at:$lte': '2024-01-01'}"), "(modified_at <= $1)", NEW_YEAR);
        assertSql(render("{'_modified_at': '2024-01-01T00:00:00Z'}"), "(modified_at = $1)", NEW_YEAR);
        assertSql(render("{'_created_at:$ne': '2024-01-01'}"), "(created_at <> $1)", NEW_YEAR);
        assertSql(render("{'_created_at:$in': ['2024-01-01', '2024-01-02']}"),
                "(created_at = $1 or created_at = $2)", NEW_YEAR, NEW_YEAR.plusDays(1));
        assertSql(render("{'_created_at:$in': []}"), "(false)");
    }

    @Test
    void version_binds_as_long() {
        assertSql(render("{'_version': 2}"), "(version = $1)", 2L);
        assertSql(render("{'_version:$gt': 3}"), "(version > $1)", 3L);
        assertSql(render("{'_version:$in': [1, 2]}"), "(version = any($1::bigint[]))", List.of(1L, 2L));
        assertSql(render("{'_version:$nin': [1]}"), "(not (version = any($1::bigint[])))", List.of(1L));
    }

    @Test
    void exists_on_system_fields() {
        assertSql(render("{'_userkey:$exists': true}"), "(owner is not null)");
        assertSql(render("{'_userkey:$exists': false}"), "(owner is null)");
        assertSql(render("{'_key:$exists': true}"), "(true)");
        assertSql(render("{'_created_at:$exists': false}"), "(false)");
    }
}
