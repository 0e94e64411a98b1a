package dev.vellum.fence;

import dev.vellum.config.VellumProperties;
import dev.vellum.store.PeriodicPurge;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/**
 * Deletes expired fence records (Idempotency-Key and transaction records alike) every
 * {@code vellum.datastore.purge-interval}. A new run replaces an expired record anyway: this only
 * keeps the table small.
 */
@Component
public class FencePurge implements DisposableBean {

    private final FenceRecords records;
    private final Duration interval;
    private volatile Disposable schedule;

    FencePurge(FenceRecords records, VellumProperties properties) {
        this.records = records;
        this.interval = properties.datastore().purgeInterval();
    }

    /** Starts once the application is ready; the schedule ends with the context. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        schedule = PeriodicPurge.every(interval, "expired fence records",
                () -> PeriodicPurge.logged(records.purgeExpired(), "expired Idempotency-Key and transaction records"));
    }

    @Override
    public void destroy() {
        if (schedule != null) {
            schedule.dispose();
        }
    }
}
