package dev.vellum.indexing;

/** The fixed statements of the index builder and listing; every value is a bind parameter. */
final class IndexSql {

    private IndexSql() {
    }

    /** One builder in the whole database at a time (a session-level advisory lock). */
    static final long BUILDER_LOCK = 0x76656c6c756d_01L;

    static final String TRY_LOCK = "select pg_try_advisory_lock($1) as locked";
    /** The builder's session: statements bounded by the build timeout, not a request's (milliseconds). */
    static final String BUILD_TIMEOUT = "select set_config('statement_timeout', $1, false) as timeout";
    static final String UNLOCK = "select pg_advisory_unlock($1) as unlocked";
    /** Fills new statistics objects (a sample of the table, bounded however large it is). */
    static final String ANALYZE = "analyze documents";
    static final String READY_SPECS = "select distinct spec::text as spec from collection_indexes where status = 'ready'";
    static final String STATISTICS_EXIST = "select exists (select 1 from pg_statistic_ext where stxname = $1) as found";

    static final String ADD_CANDIDATE = """
            insert into index_candidates (project_id, collection, spec, shape, queries, total_ms, last_seen)
            values ($1, $2, $3::jsonb, $4, $5, $6, now())
            on conflict (project_id, collection, spec) do update
            set queries = index_candidates.queries + excluded.queries,
                total_ms = index_candidates.total_ms + excluded.total_ms,
                shape = excluded.shape, last_seen = excluded.last_seen""";

    /** Rows left in 'building' by a builder that stopped: nobody builds them now (we hold the lock). */
    static final String STALE_BUILDS = "select name, physical from collection_indexes where status = 'building'";

    /** Indexes and candidates carry the collection's storage (sql/V90): declared ones are wanted there. */
    static final String DECLARED = """
            select project_id, storage as name, settings -> 'indexes' as indexes from collections
            where jsonb_typeof(settings -> 'indexes') = 'array'""";

    static final String DECLARED_ROWS = "select name, project_id, collection, spec from collection_indexes where origin = 'declared'";

    /** Indexes of storages no collection has any more (deleted collections): dropped before anything is built. */
    static final String ORPHANED = """
            select i.name from collection_indexes i
            where not exists (select 1 from collections c where c.project_id = i.project_id and c.storage = i.collection)""";

    static final String FORGET_ORPHANED_CANDIDATES = """
            delete from index_candidates i
            where not exists (select 1 from collections c where c.project_id = i.project_id and c.storage = i.collection)""";

    /** Shapes asked for often enough (searches at once) that have no index row yet. */
    static final String DUE_CANDIDATES = """
            select c.project_id, c.collection, c.spec, c.shape, c.queries from index_candidates c
            where (c.queries >= $1 or c.spec @> '{"search": true}')
              and not exists (select 1 from collection_indexes i
                              where i.project_id = c.project_id and i.collection = c.collection and i.spec = c.spec)
            order by c.last_seen desc limit 20""";

    /** Failed rows due again, and at once those whose index another collection's build has made since. */
    static final String DUE_RETRIES = """
            select name, physical, project_id, collection, origin, spec, shapes, queries from collection_indexes i
            where status = 'failed'
              and (retry_at <= now()
                   or exists (select 1 from collection_indexes r where r.physical = i.physical and r.status = 'ready'))
            order by retry_at limit 20""";

    /** A project's limit counts PostgreSQL indexes: collections that share one count it once. */
    static final String AUTO_COUNTS = """
            select count(*) filter (where collection = $2 and origin = 'auto') as in_collection,
                   count(distinct physical) as in_project
            from collection_indexes where project_id = $1 and origin in ('auto', 'search')""";

    static final String LIVE_DOCUMENTS_UP_TO = """
            select count(*) as live from (select 1 from documents
            where project_id = $1 and collection = $2 and state = 'live' limit $3) as capped""";

    static final String UPSERT_BUILDING = """
            insert into collection_indexes (name, physical, project_id, collection, origin, spec, status, shapes, queries)
            values ($1, $8, $2, $3, $4, $5::jsonb, 'building', $6::jsonb, $7)
            on conflict (name) do update set status = 'building', origin = excluded.origin""";

    static final String IS_VALID = """
            select coalesce((select indisvalid from pg_index where indexrelid = to_regclass($1)), false) as valid""";

    static final String MARK_READY = """
            update collection_indexes set status = 'ready', ready_at = now(), last_error = null, retry_at = null,
            scans_changed_at = now() where name = $1""";

    static final String MARK_FAILED = """
            update collection_indexes set status = 'failed', attempts = attempts + 1, last_error = $2,
            retry_at = now() + make_interval(secs => $3 * power(2, least(attempts, 6))) where name = $1""";

    static final String SCANS = """
            select i.name, i.origin, i.status, i.scans, coalesce(s.idx_scan, 0) as idx_scan,
                   i.scans_changed_at < now() - make_interval(secs => $1) as unused
            from collection_indexes i left join pg_stat_user_indexes s on s.indexrelname = i.physical""";

    static final String SET_SCANS = "update collection_indexes set scans = $2, scans_changed_at = now() where name = $1";

    /** The PostgreSQL index a row is served by, and whether no other row is served by it. */
    static final String PHYSICAL = """
            select i.physical, not exists (select 1 from collection_indexes o where o.physical = i.physical and o.name <> i.name) as last
            from collection_indexes i where i.name = $1""";

    /** Whether another collection's ready row is served by the index: a failed build must not drop it. */
    static final String READY_ELSEWHERE = """
            select exists (select 1 from collection_indexes where physical = $1 and name <> $2 and status = 'ready') as ready""";

    static final String FORGET = """
            with gone as (delete from collection_indexes where name = $1 returning project_id, collection, spec)
            delete from index_candidates c using gone
            where c.project_id = gone.project_id and c.collection = gone.collection and c.spec = gone.spec""";

    static final String LIST = """
            select i.physical as name, i.origin, i.spec, i.status, i.shapes, i.queries, i.attempts, i.last_error,
                   i.created_at, i.ready_at, coalesce(s.idx_scan, 0) as scans,
                   pg_relation_size(to_regclass(i.physical)) as size_bytes,
                   (select count(*) from collection_indexes o where o.physical = i.physical) as collections
            from collection_indexes i left join pg_stat_user_indexes s on s.indexrelname = i.physical
            where i.project_id = $1 and i.collection = $2 order by i.created_at, i.name""";

    static final String SUGGESTIONS = """
            select c.spec, c.shape, c.queries, c.total_ms from index_candidates c
            where c.project_id = $1 and c.collection = $2
              and not exists (select 1 from collection_indexes i
                              where i.project_id = c.project_id and i.collection = c.collection and i.spec = c.spec)
            order by c.queries desc limit 50""";

    static final String ONE = "select name, origin from collection_indexes where physical = $1 and project_id = $2 and collection = $3";
}
