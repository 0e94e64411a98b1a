package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.unit.DataSize;

/**
 * Notifications that come while the horizon is probed are probed for together: a steady stream of
 * commits (a notification each) costs a bounded number of probes, not two per commit. Probes are
 * counted on the suite's PostgreSQL through r2dbc-proxy.
 */
class ChangeHorizonWakesIntegrationTest extends IntegrationTest {

    @Autowired
    private ConnectionFactory pool;
    @Autowired
    private DatabaseClient db;

    @Test
    void a_burst_of_notifications_is_probed_for_a_few_times_not_twice_each_and_the_horizon_still_moves() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        ConnectionFactory counted = ProxyConnectionFactory.builder(pool)
                .onBeforeQuery(query -> query.getQueries().stream()
                        .filter(q -> q.getQuery().contains("pg_current_snapshot()")).forEach(q -> probes.incrementAndGet()))
                .build();
        ChangesProperties properties = new ChangesProperties(Duration.ofDays(7), Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofSeconds(15), 10_000, DataSize.ofMegabytes(4), 8, 128);
        ChangeHorizon horizon = new ChangeHorizon(DatabaseClient.create(counted), properties);
        horizon.start();
        try {
            for (int i = 0; i < 300 && probes.get() < 2; i++) {
                Thread.sleep(100);
            }
            int before = probes.get();
            int notifications = 400;
            long started = System.nanoTime();
            for (int i = 0; i < notifications; i++) {
                horizon.wake();
                Thread.sleep(0, 500_000);
            }
            Thread.sleep(200);
            long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            int made = probes.get() - before;
            // two probes per gap at most, plus the wake in progress when the burst began
            long bound = 2 * (elapsedMillis / ChangeHorizon.WAKE_GAP.toMillis() + 2);
            assertThat(made).as("%d probes for %d notifications in %d ms", made, notifications, elapsedMillis)
                    .isBetween(2, (int) bound).isLessThan(notifications);

            // and a commit after the burst is still seen
            http.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"op\": \"collection.insert\", \"collection\": \"" + freshCollection() + "\", \"data\": {\"n\": 1}}")
                    .exchange().expectStatus().isOk();
            long written = db.sql(ChangeSql.probe().text()).map((row, meta) -> row.get("last", Long.class)).one().block();
            assertThat(horizon.reach(written).block(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(written);
        } finally {
            horizon.stop();
        }
    }
}
