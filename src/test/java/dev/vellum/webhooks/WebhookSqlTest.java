package dev.vellum.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import org.junit.jupiter.api.Test;

class WebhookSqlTest {

    @Test
    void a_failed_attempt_schedules_the_next_or_fails_the_delivery_past_its_retry_period() {
        Sql sql = WebhookSql.retryLater(42, "{\"status\":500}", 7.5, 86400);
        assertThat(sql.text()).isEqualTo("update webhook_deliveries set attempts = attempts + 1,"
                + " attempt_log = attempt_log || jsonb_build_array($1::jsonb), leased_until = null,"
                + " next_attempt_at = now() + make_interval(secs => $2),"
                + " status = case when now() + make_interval(secs => $2) > retry_from + make_interval(secs => $3)"
                + " then 'failed' else 'pending' end,"
                + " finished_at = case when now() + make_interval(secs => $2) > retry_from + make_interval(secs => $3)"
                + " then now() end where id = $4");
        assertThat(sql.params()).containsExactly(new JsonParam("{\"status\":500}"), 7.5, 86400.0, 42L);
    }

    @Test
    void the_fan_out_reads_from_the_cursor_on_not_from_the_first_change_kept() {
        Sql sql = WebhookSql.fanOut(1000, 100, 65536);
        // lateral: the cursor's seq becomes the index scan's lower bound (a plain join filtered a walk from seq 1)
        assertThat(sql.text()).contains("batch as (select c.* from cursor cross join lateral (select * from changes c"
                + " where c.seq > cursor.seq and c.seq <= $1 order by c.seq limit $2) c)");
        assertThat(sql.params()).startsWith(1000L, 100);
    }

    @Test
    void claiming_skips_locked_rows_and_every_delivery_with_an_earlier_pending_one_for_its_document() {
        Sql sql = WebhookSql.claim(8, 45);
        assertThat(sql.text()).contains("for update skip locked")
                .contains("and not exists (select 1 from webhook_deliveries e where e.status = 'pending'"
                        + " and e.project_id = p.project_id and e.collection = p.collection and e.key = p.key and e.seq < p.seq)")
                .contains("(p.leased_until is null or p.leased_until < now())");
        assertThat(sql.params()).containsExactly(45.0, 8);
    }

    @Test
    void the_delivery_list_filters_by_status_only_when_asked() {
        assertThat(WebhookSql.list(1, "posts", null, 50).text()).endsWith(
                "from webhook_deliveries where project_id = $1 and collection = $2 order by id desc limit $3");
        Sql failed = WebhookSql.list(1, "posts", "failed", 50);
        assertThat(failed.text()).endsWith("where project_id = $1 and collection = $2 and status = $3 order by id desc limit $4");
        assertThat(failed.params()).containsExactly(1L, "posts", "failed", 50);
    }
}
