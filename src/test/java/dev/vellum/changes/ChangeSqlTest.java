package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeSqlTest {

    @Test
    void a_page_reads_one_collection_between_the_cursor_and_the_horizon_in_seq_order() {
        Sql sql = ChangeSql.page(7, "posts", 100, 250, 500);
        assertThat(sql.text()).isEqualTo("select seq, project_id, collection, key, owner, previous_owner, kind, version, at,"
                + " document, previous, created_at, modified_at, previous_version, previous_created_at, previous_modified_at"
                + " from changes where project_id = $1 and collection = $2 and seq > $3 and seq <= $4"
                + " order by seq limit $5");
        assertThat(sql.params()).containsExactly(7L, "posts", 100L, 250L, 500);
    }

    @Test
    void a_readers_roles_are_read_by_project_and_id() {
        Sql sql = ChangeSql.roles(7, "alice");
        assertThat(sql.text()).isEqualTo("select roles from app_users where project_id = $1 and id = $2");
        assertThat(sql.params()).containsExactly(7L, "alice");
    }

    @Test
    void the_probe_reads_the_sequence_and_the_snapshot_bounds_in_one_statement() {
        assertThat(ChangeSql.probe().text()).isEqualTo(
                "select coalesce(pg_sequence_last_value(pg_get_serial_sequence('changes', 'seq')::regclass), 0) as last,"
                        + " pg_snapshot_xmin(s)::text as xmin, pg_snapshot_xmax(s)::text as xmax from pg_current_snapshot() as s");
        assertThat(ChangeSql.probe().params()).isEmpty();
    }

    @Test
    void the_purge_raises_the_purged_mark_with_the_rows_it_removes() {
        Sql sql = ChangeSql.purge(604800);
        assertThat(sql.text()).isEqualTo("with gone as (delete from changes where at < now() - make_interval(secs => $1)"
                + " returning seq), mark as (update changes_purged set seq = greatest(seq, (select max(seq) from gone))"
                + " where id = 1 and exists (select 1 from gone)) select count(*) as purged from gone");
        assertThat(sql.params()).isEqualTo(List.of(604800.0));
    }
}
