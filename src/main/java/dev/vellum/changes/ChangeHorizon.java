package dev.vellum.changes;

import dev.vellum.store.Statements;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The highest seq below which the outbox is final: every change with a seq at or under it has
 * committed or rolled back, so a reader that has read up to it never misses a change that commits
 * later with a smaller seq (sequence values are taken in one order and committed in another).
 *
 * <p>Why it holds: a probe reads the sequence's last value {@code L}. Every transaction that took a
 * seq up to {@code L} had its transaction id before that read (the trigger runs after the document
 * row is written, which assigns the id). The next probe's snapshot is taken after the read, so all
 * those ids are below its {@code xmax}. Once a later snapshot's {@code xmin} — the oldest transaction
 * still running — reaches that {@code xmax}, all of them have ended, and {@code L} is final.
 * A long-running writing transaction holds the horizon back until it ends (at most
 * {@code vellum.postgres.idle-in-transaction-timeout} when it idles).
 */
@Component
public class ChangeHorizon implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeHorizon.class);

    /**
     * The least time from the end of one notification's probes to the start of the next: commits
     * notified meanwhile are probed for together. Under a steady write load a notification comes
     * with every commit, and probing for each made two more statements per write; this way it is
     * at most two probes per gap, and a change reaches feeds and webhooks at most this much later.
     */
    static final Duration WAKE_GAP = Duration.ofMillis(20);

    private final DatabaseClient db;
    private final ChangesProperties properties;
    private final Sinks.Many<Long> horizon = Sinks.many().replay().latest();
    private final Sinks.Many<Boolean> wakes = Sinks.many().multicast().directBestEffort();
    private final Deque<long[]> candidates = new ArrayDeque<>();
    private long current;
    private long lastRead = -1;
    private volatile Disposable loop;

    ChangeHorizon(DatabaseClient db, ChangesProperties properties) {
        this.db = db;
        this.properties = properties;
    }

    /** The horizon now and each time it moves up; it starts at 0 until two probes have run. */
    public Flux<Long> values() {
        return horizon.asFlux();
    }

    /** Probes now (twice: the second one can confirm what the first one read); called when a notification says something committed. */
    public void wake() {
        wakes.tryEmitNext(Boolean.TRUE);
    }

    /** Probes until the horizon reaches {@code seq}; for tests and for callers that just wrote. */
    public Mono<Long> reach(long seq) {
        return values().filter(h -> h >= seq).next().doOnSubscribe(s -> wake());
    }

    private Mono<Void> probe() {
        return Statements.prepare(db, ChangeSql.probe())
                .map((row, meta) -> new long[] {row.get("last", Long.class),
                        Long.parseLong(row.get("xmin", String.class)), Long.parseLong(row.get("xmax", String.class))})
                .one()
                .doOnNext(this::advance)
                .then();
    }

    /** Runs on the loop only: one probe at a time. */
    private void advance(long[] probe) {
        long last = probe[0];
        long xmin = probe[1];
        long xmax = probe[2];
        long pending = candidates.isEmpty() ? current : candidates.peekLast()[0];
        if (lastRead > pending) {
            candidates.addLast(new long[] {lastRead, xmax});
        }
        long before = current;
        while (!candidates.isEmpty() && xmin >= candidates.peekFirst()[1]) {
            current = candidates.pollFirst()[0];
        }
        lastRead = last;
        if (current != before) {
            horizon.tryEmitNext(current);
        }
    }

    @Override
    public void start() {
        horizon.tryEmitNext(0L);
        Flux<Mono<Void>> ticks = Flux.merge(
                Flux.interval(properties.pollInterval()).map(t -> probe()),
                wakes.asFlux().map(w -> probe().then(probe()).then(Mono.delay(WAKE_GAP).then())));
        loop = Flux.concat(Flux.just(probe().then(probe())), ticks)
                .onBackpressureLatest()
                .concatMap(run -> run.onErrorResume(error -> {
                    log.warn("probing the change horizon failed, will retry: {}", error.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }
}
