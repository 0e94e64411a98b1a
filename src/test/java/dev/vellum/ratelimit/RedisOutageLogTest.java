package dev.vellum.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.LogCapture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisOutageLogTest {

    private final AtomicLong clock = new AtomicLong();
    private final RedisOutageLog outages = new RedisOutageLog(clock::get);
    private final LogCapture log = LogCapture.of(RedisOutageLog.class);

    @AfterEach
    void detach() {
        log.close();
    }

    private void after(long seconds) {
        clock.addAndGet(seconds * 1_000_000_000L);
    }

    @Test
    void an_outage_is_logged_once_then_at_most_every_thirty_seconds_and_its_end_once() {
        outages.succeeded();
        outages.failed("refused");
        outages.failed("refused");
        after(29);
        outages.failed("refused");
        assertThat(log.lines()).containsExactly(
                "WARN rate limits are off, requests are served without them until Redis answers again: refused");
        after(1);
        outages.failed("timeout");
        outages.failed("timeout");
        assertThat(log.lines()).hasSize(2).last().isEqualTo(
                "WARN rate limits are still off (3 more requests served without them): timeout");
        outages.succeeded();
        outages.succeeded();
        assertThat(log.lines()).hasSize(3).last().isEqualTo("INFO rate limits are on again: Redis answers");
    }

    @Test
    void a_new_outage_after_recovery_is_logged_at_once() {
        outages.failed("refused");
        outages.succeeded();
        after(1);
        outages.failed("refused again");
        assertThat(log.lines()).hasSize(3).last().asString().endsWith("until Redis answers again: refused again");
    }

    @Test
    void answers_while_redis_works_log_nothing() {
        for (int i = 0; i < 100; i++) {
            outages.succeeded();
        }
        assertThat(log.lines()).isEmpty();
    }
}
