package dev.vellum.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fence's statements and names, exactly: client text only ever in parameters or hashed. */
class TransactionSqlTest {

    @Test
    void try_lock_binds_the_name() {
        Sql sql = TransactionRecords.lockSql("vellum-tx-key:abc");
        assertThat(sql.text()).isEqualTo("select pg_try_advisory_xact_lock(hashtextextended($1, 0)) as locked");
        assertThat(sql.params()).containsExactly("vellum-tx-key:abc");
    }

    @Test
    void find_reads_only_a_live_record_of_this_caller() {
        Sql sql = TransactionRecords.findSql(7, "user:u1", "k'; drop table x; --");
        assertThat(sql.text()).isEqualTo("select fingerprint, result::text as result,"
                + " greatest(1, (extract(epoch from expires_at - clock_timestamp()) * 1000)::bigint) as millis_left"
                + " from transaction_records where project_id = $1 and scope = $2 and key = $3"
                + " and expires_at > clock_timestamp()");
        assertThat(sql.params()).containsExactly(7L, "user:u1", "k'; drop table x; --");
    }

    @Test
    void save_replaces_only_an_expired_record() {
        TransactionSpec spec = new TransactionSpec("k", null, 30, 60, "f");
        Sql sql = TransactionRecords.saveSql(7, "key:secret", spec, "{\"a\":1}");
        assertThat(sql.text()).isEqualTo("insert into transaction_records (project_id, scope, key, fingerprint, result,"
                + " expires_at) values ($1, $2, $3, $4, $5, clock_timestamp() + make_interval(secs => $6))"
                + " on conflict (project_id, scope, key) do update set fingerprint = excluded.fingerprint,"
                + " result = excluded.result, created_at = now(), expires_at = excluded.expires_at"
                + " where transaction_records.expires_at <= clock_timestamp()");
        assertThat(sql.params()).containsExactly(7L, "key:secret", "k", "f", new JsonParam("{\"a\":1}"), 60);
    }

    @Test
    void redis_keys_hash_client_text_so_braces_cannot_move_the_hash_tag() {
        TransactionNames names = TransactionNames.of(7, "user:u1", new TransactionSpec("}{evil", "{wallet}", 30, 60, null));
        for (String key : List.of(names.resultKey(), names.lockKey())) {
            assertThat(key).doesNotContain("evil").doesNotContain("wallet");
            assertThat(key.chars().filter(c -> c == '{').count()).isEqualTo(1);
            assertThat(key.chars().filter(c -> c == '}').count()).isEqualTo(1);
        }
        assertThat(names.resultKey()).matches("vellum:\\{tx:[0-9a-f]{64}}:result");
        assertThat(names.lockKey()).matches("vellum:\\{txlock:[0-9a-f]{64}}");
        assertThat(names.resourceLock()).startsWith("vellum-tx-resource:");

        TransactionNames keyOnly = TransactionNames.of(7, "user:u1", new TransactionSpec("}{evil", null, 30, 60, null));
        String tag = keyOnly.resultKey().substring(0, keyOnly.resultKey().indexOf('}') + 1);
        assertThat(keyOnly.lockKey()).as("the key's lock shares its result's slot").startsWith(tag);
        assertThat(keyOnly.resourceLock()).isNull();
    }

    @Test
    void names_differ_by_project_caller_key_and_resource() {
        TransactionSpec spec = new TransactionSpec("k", "r", 30, 60, null);
        TransactionNames base = TransactionNames.of(1, "user:a", spec);
        assertThat(TransactionNames.of(2, "user:a", spec)).isNotEqualTo(base);
        assertThat(TransactionNames.of(1, "user:b", spec).resultKey()).isNotEqualTo(base.resultKey());
        assertThat(TransactionNames.of(1, "user:a", new TransactionSpec("k2", "r", 30, 60, null)).resultKey())
                .isNotEqualTo(base.resultKey());
        assertThat(TransactionNames.of(1, "user:a", new TransactionSpec("k", "r2", 30, 60, null)).lockKey())
                .isNotEqualTo(base.lockKey());
    }
}
