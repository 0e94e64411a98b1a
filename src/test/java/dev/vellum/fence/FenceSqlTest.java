package dev.vellum.fence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.Sql;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fence's statements, exactly: client text only ever in parameters. */
class FenceSqlTest {

    private static final String EVIL = "k'; drop table fence_records; --";

    @Test
    void try_lock_binds_the_id_and_never_waits() {
        Sql sql = FenceSql.tryLock(-42L);
        assertThat(sql.text()).isEqualTo("select pg_try_advisory_xact_lock($1) as locked");
        assertThat(sql.params()).containsExactly(-42L);
    }

    @Test
    void begin_is_one_call_with_every_value_bound_and_no_resource_as_a_typed_null() {
        Sql sql = FenceSql.begin(new FenceKey(7, "user:u1", FenceKey.Kind.TRANSACTION, EVIL), -42L, null);
        assertThat(sql.text()).isEqualTo("select locked, fingerprint, status, headers, body, millis_left"
                + " from vellum_fence_begin($1, $2, $3, $4, $5, $6)");
        assertThat(sql.params()).containsExactly(7L, "user:u1", "transaction", EVIL, -42L,
                new dev.vellum.sql.NullParam(Long.class));
        assertThat(FenceSql.begin(new FenceKey(7, "user:u1", FenceKey.Kind.TRANSACTION, "k"), 1L, 2L).params())
                .containsExactly(7L, "user:u1", "transaction", "k", 1L, 2L);
    }

    @Test
    void enter_holds_only_the_two_lock_ids_so_that_it_goes_out_as_a_simple_query() {
        Sql sql = FenceSql.enter(-9_223_372_036_854_775_808L, 42L);
        assertThat(sql.text()).isEqualTo("select vellum_fence_enter(-9223372036854775808, 42)");
        assertThat(sql.params()).isEmpty();
        assertThat(FenceSql.enter(7L, null).text()).isEqualTo("select vellum_fence_enter(7, null)");
    }

    @Test
    void find_reads_only_a_live_record_of_this_caller_and_kind() {
        Sql sql = FenceSql.find(new FenceKey(7, "user:u1", FenceKey.Kind.TRANSACTION, EVIL));
        assertThat(sql.text()).isEqualTo("select fingerprint, status, headers, body,"
                + " greatest(1, (extract(epoch from expires_at - clock_timestamp()) * 1000)::bigint) as millis_left"
                + " from fence_records where project_id = $1 and scope = $2 and kind = $3 and key = $4"
                + " and expires_at > clock_timestamp()");
        assertThat(sql.params()).containsExactly(7L, "user:u1", "transaction", EVIL);
    }

    @Test
    void save_replaces_only_an_expired_record() {
        byte[] fingerprint = {1, 2};
        byte[] body = {'{', '}'};
        FenceRecord record = new FenceRecord(fingerprint, 201, Map.of("ETag", List.of("\"1\"")), body);
        Sql sql = FenceSql.save(new FenceKey(7, "key:secret", FenceKey.Kind.REQUEST, "k"), null, record,
                "{\"ETag\":[\"\\\"1\\\"\"]}", Duration.ofHours(24));
        assertThat(sql.text()).isEqualTo("insert into fence_records (project_id, scope, kind, key, lock_id, fingerprint,"
                + " status, headers, body, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                + " clock_timestamp(), clock_timestamp() + $10 * interval '1 millisecond')"
                + " on conflict (project_id, scope, kind, key) do update set lock_id = excluded.lock_id,"
                + " fingerprint = excluded.fingerprint,"
                + " status = excluded.status, headers = excluded.headers, body = excluded.body,"
                + " created_at = excluded.created_at, expires_at = excluded.expires_at"
                + " where fence_records.expires_at <= clock_timestamp()");
        assertThat(sql.params()).containsExactly(7L, "key:secret", "request", "k", new NullParam(Long.class),
                fingerprint, 201, new JsonParam("{\"ETag\":[\"\\\"1\\\"\"]}"), body, 86_400_000L);
        assertThat(FenceSql.save(new FenceKey(7, "user:u1", FenceKey.Kind.TRANSACTION, "k"), -5L, record, "{}",
                Duration.ofSeconds(1)).params().get(4)).isEqualTo(-5L);
    }

    @Test
    void purge_deletes_only_expired_records() {
        Sql sql = FenceSql.purgeExpired();
        assertThat(sql.text()).isEqualTo("delete from fence_records where expires_at <= now()");
        assertThat(sql.params()).isEmpty();
    }

    @Test
    void lock_ids_depend_on_every_part_and_on_where_parts_end() {
        long base = LockIds.of("idempotency", "1", "key:secret", "k");
        assertThat(LockIds.of("idempotency", "1", "key:secret", "k")).isEqualTo(base);
        assertThat(LockIds.of("idempotency", "2", "key:secret", "k")).isNotEqualTo(base);
        assertThat(LockIds.of("idempotency", "1", "key:secret", "k2")).isNotEqualTo(base);
        assertThat(LockIds.of("ab", "c")).isNotEqualTo(LockIds.of("a", "bc"));
    }
}
