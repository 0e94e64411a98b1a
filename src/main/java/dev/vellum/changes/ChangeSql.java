package dev.vellum.changes;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/** Renders the statements on the outbox: the horizon probe, pages of a collection's changes, the purge; and a reader's roles. */
final class ChangeSql {

    static final String COLUMNS = "seq, project_id, collection, key, owner, previous_owner, kind, version, at, document, previous,"
            + " created_at, modified_at, previous_version, previous_created_at, previous_modified_at";

    private ChangeSql() {
    }

    /**
     * The sequence's last value and the statement's snapshot bounds. The snapshot is taken before
     * the sequence is read, so the value read by one probe is checked against the next probe's
     * snapshot (see {@link ChangeHorizon}).
     */
    static Sql probe() {
        return new SqlBuilder().sql("select coalesce(pg_sequence_last_value(pg_get_serial_sequence('changes', 'seq')::regclass), 0) as last,")
                .sql(" pg_snapshot_xmin(s)::text as xmin, pg_snapshot_xmax(s)::text as xmax from pg_current_snapshot() as s")
                .build();
    }

    /** Up to {@code limit} changes of one collection with {@code after < seq <= upTo}, in seq order. */
    static Sql page(long projectId, String collection, long after, long upTo, int limit) {
        return new SqlBuilder().sql("select ").sql(COLUMNS).sql(" from changes where project_id = ").param(projectId)
                .sql(" and collection = ").param(collection).sql(" and seq > ").param(after).sql(" and seq <= ").param(upTo)
                .sql(" order by seq limit ").param(limit).build();
    }

    /** A user's roles (a JSON array of strings); no row when the user is gone. */
    static Sql roles(long projectId, String userId) {
        return new SqlBuilder().sql("select roles from app_users where project_id = ").param(projectId).sql(" and id = ")
                .param(userId).build();
    }

    /** The highest seq the purge removed. */
    static Sql purged() {
        return new SqlBuilder().sql("select seq from changes_purged where id = 1").build();
    }

    /** Deletes changes older than the retention and raises the purged mark to the highest seq removed. */
    static Sql purge(long retentionSeconds) {
        return new SqlBuilder().sql("with gone as (delete from changes where at < now() - make_interval(secs => ")
                .param((double) retentionSeconds).sql(") returning seq), mark as (update changes_purged set seq = greatest(seq,")
                .sql(" (select max(seq) from gone)) where id = 1 and exists (select 1 from gone))")
                .sql(" select count(*) as purged from gone").build();
    }
}
