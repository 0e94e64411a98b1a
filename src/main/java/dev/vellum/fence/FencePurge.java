package dev.vellum.fence;

import dev.vellum.config.VellumProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes expired fence records (Idempotency-Key and transaction records alike) every
 * {@code vellum.datastore.purge-interval}. A new run replaces an expired record anyway: this only
 * keeps the table small.
 */
@Component
public class FencePurge implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FencePurge.class);

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
        schedule = Flux.interval(interval, interval)
                .concatMap(tick -> records.purgeExpired()
                        .doOnNext(count -> {
                            if (count > 0) {
                                log.info("purged {} expired Idempotency-Key and transaction records", count);
                            }
                        })
                        .onErrorResume(e -> {
                            log.warn("purge of expired fence records failed, will retry: {}", e.toString());
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void destroy() {
        if (schedule != null) {
            schedule.dispose();
        }
    }
}
