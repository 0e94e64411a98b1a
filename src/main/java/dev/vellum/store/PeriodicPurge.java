package dev.vellum.store;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a purge every {@code interval}, one run at a time; a failed run is logged and the next
 * one tries again, and ticks that come while a run is still going are dropped. The background
 * jobs (purges, index builds) all schedule themselves this way.
 */
public final class PeriodicPurge {

    private static final Logger log = LoggerFactory.getLogger(PeriodicPurge.class);

    private PeriodicPurge() {
    }

    /** Starts the schedule; dispose the answer to stop it. {@code what} names the rows in the log. */
    public static Disposable every(Duration interval, String what, Supplier<Mono<Void>> purge) {
        return Flux.interval(interval, interval)
                .onBackpressureDrop() // a run longer than the interval skips ticks instead of ending the schedule
                .concatMap(tick -> Mono.defer(purge).onErrorResume(e -> {
                    log.warn("purge of {} failed, will retry: {}", what, e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    /** {@code purge}, logging how many rows it removed when there were any. */
    public static Mono<Void> logged(Mono<Long> purge, String what) {
        return purge.doOnNext(count -> {
            if (count > 0) {
                log.info("purged {} {}", count, what);
            }
        }).then();
    }
}
