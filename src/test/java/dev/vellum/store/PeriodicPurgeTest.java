package dev.vellum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

class PeriodicPurgeTest {

    @AfterEach
    void realTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void runs_longer_than_the_interval_skip_ticks_and_the_schedule_goes_on() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        AtomicInteger runs = new AtomicInteger();
        // each run takes 100 intervals, as an index build on a large table can
        Disposable schedule = PeriodicPurge.every(Duration.ofSeconds(1), "slow work",
                () -> Mono.delay(Duration.ofSeconds(100)).doOnNext(tick -> runs.incrementAndGet()).then());
        time.advanceTimeBy(Duration.ofSeconds(1000));
        assertThat(runs.get()).isGreaterThanOrEqualTo(9);
        assertThat(schedule.isDisposed()).isFalse();
        schedule.dispose();
    }

    @Test
    void a_failed_run_is_followed_by_the_next() {
        VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
        AtomicInteger runs = new AtomicInteger();
        Disposable schedule = PeriodicPurge.every(Duration.ofSeconds(1), "failing work",
                () -> Mono.fromRunnable(runs::incrementAndGet).then(Mono.error(new IllegalStateException("down"))));
        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(runs.get()).isEqualTo(5);
        schedule.dispose();
    }
}
