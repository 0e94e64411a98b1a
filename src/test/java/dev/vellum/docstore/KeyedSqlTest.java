package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.Sql;
import dev.vellum.subdoc.Durability;
import dev.vellum.subdoc.MutateRequest;
import dev.vellum.subdoc.StoreSemantics;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyedSqlTest {

    private static final DocumentAddress SERVICE = new DocumentAddress(7, "orders", "k1", null);
    private static final DocumentAddress USER = new DocumentAddress(7, "orders", "k1", "u1");
    private static final String VISIBLE = "d.project_id = $1 and d.collection = $2 and d.key = $3 and " + DocumentAddress.ALIVE;

    @ParameterizedTest
    @CsvSource({
        "NONE, off",
        "MAJORITY, on",
        "MAJORITY_AND_PERSIST_TO_ACTIVE, on",
        "PERSIST_TO_MAJORITY, remote_apply",
    })
    void durability_levels_map_to_a_transaction_local_synchronous_commit(Durability level, String setting) {
        Sql sql = KeyedSql.durability(level);
        assertThat(sql.text()).isEqualTo("select set_config('synchronous_commit', $1, true)");
        assertThat(sql.params()).containsExactly(setting);
    }

    @Test
    void get_reads_through_the_generic_planned_function_with_the_owner_for_a_user() {
        Sql service = KeyedSql.get(SERVICE);
        assertThat(service.text()).isEqualTo("select d.body, d.version from vellum_key_get($1, $2, $3, $4::text) as d");
        assertThat(service.params()).hasSize(4).startsWith(7L, "orders", "k1");
        assertThat(service.params().get(3)).isEqualTo(new NullParam(String.class));
        Sql user = KeyedSql.get(USER);
        assertThat(user.text()).isEqualTo(service.text());
        assertThat(user.params()).containsExactly(7L, "orders", "k1", "u1");
    }

    @Test
    void insert_overwrites_only_a_row_that_is_not_alive() {
        Sql sql = KeyedSql.insert(SERVICE, "{\"a\":1}", 0);
        assertThat(sql.text()).startsWith("insert into documents as d ")
                .contains("values ($1, $2, $3, $4::text, $5::jsonb, " + KeyedSql.NOW + ", " + KeyedSql.NOW + ", null)")
                .contains("on conflict (project_id, collection, key) do update set owner = excluded.owner")
                .contains("version = d.version + 1")
                .endsWith(" where not (" + DocumentAddress.ALIVE + ") returning d.version");
        assertThat(sql.params()).containsExactly(7L, "orders", "k1", new NullParam(String.class), new JsonParam("{\"a\":1}"));
    }

    @Test
    void a_users_insert_does_not_take_over_a_row_another_owner_can_restore() {
        Sql sql = KeyedSql.insert(USER, "{}", 0);
        assertThat(sql.text()).endsWith(" where not (" + DocumentAddress.ALIVE + ") and not ("
                + DocumentAddress.RESTORABLE + " and d.owner is distinct from $6) returning d.version");
        assertThat(sql.params()).containsExactly(7L, "orders", "k1", "u1", new JsonParam("{}"), "u1");
    }

    @Test
    void upsert_keeps_a_live_rows_owner_and_lets_a_user_overwrite_only_their_own() {
        assertThat(KeyedSql.upsert(SERVICE, "{}", 0).text())
                .contains("owner = case when " + DocumentAddress.ALIVE + " then d.owner else excluded.owner end")
                .doesNotContain(" where ");
        Sql user = KeyedSql.upsert(USER, "{}", 60);
        assertThat(user.text()).contains("now() + make_interval(secs => $6)")
                .endsWith(" where not (" + DocumentAddress.ALIVE + " or " + DocumentAddress.RESTORABLE
                        + ") or d.owner = $7 returning d.version");
        assertThat(user.params()).containsExactly(7L, "orders", "k1", "u1", new JsonParam("{}"), 60.0, "u1");
    }

    @Test
    void replace_and_remove_check_the_cas_in_the_same_statement() {
        Sql replace = KeyedSql.replace(SERVICE, "[]", 0, 5L);
        assertThat(replace.text()).isEqualTo("update documents as d set body = $1::jsonb, version = d.version + 1, modified_at = "
                + KeyedSql.NOW + ", expires_at = null where d.project_id = $2 and d.collection = $3 and d.key = $4 and "
                + DocumentAddress.ALIVE + " and d.version = $5 returning d.version");
        Sql remove = KeyedSql.remove(USER, null);
        assertThat(remove.text()).isEqualTo("update documents as d set state = 'deleted', state_ref = null, state_at = "
                + KeyedSql.NOW + ", version = d.version + 1, modified_at = " + KeyedSql.NOW + " where " + VISIBLE
                + " and d.owner = $4 returning d.version");
        assertThat(remove.params()).isEqualTo(List.of(7L, "orders", "k1", "u1"));
    }

    @Test
    void mutate_in_is_one_call_with_the_specs_as_one_jsonb_parameter() {
        MutateRequest request = new MutateRequest(List.of(), Optional.empty(), StoreSemantics.UPSERT, Optional.of(30),
                Optional.of(Durability.MAJORITY));
        Sql sql = KeyedSql.mutateIn(USER, request, 4L, "[]");
        assertThat(sql.text()).isEqualTo("select version, results from vellum_mutate_in($1, $2, $3, $4::text, $5::bigint,"
                + " $6, $7::jsonb, $8::integer, $9::text)");
        assertThat(sql.params()).containsExactly(7L, "orders", "k1", "u1", 4L, StoreSemantics.UPSERT.wireName(),
                new JsonParam("[]"), 30, Durability.MAJORITY.wireName());
        Sql plain = KeyedSql.mutateIn(SERVICE, new MutateRequest(List.of(), Optional.empty(), StoreSemantics.REPLACE,
                Optional.empty(), Optional.empty()), null, "[]");
        assertThat(plain.text()).isEqualTo(sql.text());
        assertThat(plain.params()).containsExactly(7L, "orders", "k1", new NullParam(String.class), new NullParam(Long.class),
                StoreSemantics.REPLACE.wireName(), new JsonParam("[]"), new NullParam(Integer.class), new NullParam(String.class));
    }
}
