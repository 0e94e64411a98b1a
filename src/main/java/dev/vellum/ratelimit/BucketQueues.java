package dev.vellum.ratelimit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * At most one draw in flight per bucket on this instance. Requests of a bucket that arrive while
 * its draw is unanswered wait for it, and the next draw takes tokens for all of them at once (up
 * to {@link #MAX_DRAW}). A caller alone is one draw per request, as before; a busy caller's
 * requests cost one Redis round trip per batch instead of one each. The script takes a batch's
 * tokens one after another in arrival order, so each request gets the answer it would have got
 * from a draw of its own: the first ones of a batch the tokens there are, the rest a refusal.
 */
final class BucketQueues {

    /** The most tokens one draw asks for; more waiting requests go in the next draw. */
    static final int MAX_DRAW = 256;

    /** Takes up to {@code count} tokens from the bucket at {@code key}; empty when Redis cannot tell. */
    interface Draw {
        Mono<Grant> draw(String key, BucketLimit limit, int count);
    }

    /** A draw's answer: tokens taken, whole tokens left after them, ms until the next token and until full. */
    record Grant(long granted, long remaining, long nextTokenMillis, long fullMillis) {
    }

    private static final class Waiter {
        final MonoSink<BucketState> sink;
        final BucketLimit limit;
        volatile boolean cancelled;

        Waiter(MonoSink<BucketState> sink, BucketLimit limit) {
            this.sink = sink;
            this.limit = limit;
        }
    }

    /** A bucket whose draw is in flight, and the requests that came since. Absent when none is. */
    private static final class Lane {
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    }

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Draw draw;

    BucketQueues(Draw draw) {
        this.draw = draw;
    }

    /** One token for one request; completes empty when Redis cannot tell (the request is served). */
    Mono<BucketState> take(String key, BucketLimit limit) {
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(sink, limit);
            sink.onCancel(() -> waiter.cancelled = true);
            boolean[] first = {false};
            lanes.compute(key, (k, lane) -> {
                if (lane == null) {
                    first[0] = true;
                    return new Lane();
                }
                lane.waiting.add(waiter);
                return lane;
            });
            if (first[0]) {
                send(key, List.of(waiter));
            }
        });
    }

    /** Buckets with a draw in flight (for tests: none is left behind). */
    int inFlight() {
        return lanes.size();
    }

    private void send(String key, List<Waiter> batch) {
        // a request cancelled while it waited takes no token
        List<Waiter> live = batch.stream().filter(waiter -> !waiter.cancelled).toList();
        if (live.isEmpty()) {
            next(key);
            return;
        }
        boolean[] answered = {false};
        draw.draw(key, live.get(live.size() - 1).limit, live.size()).subscribe(
                grant -> {
                    answered[0] = true;
                    answer(live, grant);
                },
                error -> {
                    serveUnlimited(live);
                    next(key);
                },
                () -> {
                    if (!answered[0]) {
                        serveUnlimited(live);
                    }
                    next(key);
                });
    }

    private void next(String key) {
        List<Waiter> batch = new ArrayList<>();
        lanes.compute(key, (k, lane) -> {
            if (lane == null || lane.waiting.isEmpty()) {
                return null;
            }
            while (batch.size() < MAX_DRAW && !lane.waiting.isEmpty()) {
                batch.add(lane.waiting.poll());
            }
            return lane;
        });
        if (!batch.isEmpty()) {
            send(key, batch);
        }
    }

    private static void answer(List<Waiter> batch, Grant grant) {
        for (int i = 0; i < batch.size(); i++) {
            BucketState state;
            if (i < grant.granted()) {
                long remaining = grant.remaining() + (grant.granted() - 1 - i);
                state = new BucketState(true, remaining, remaining >= 1 ? 0 : grant.nextTokenMillis(), grant.fullMillis());
            } else {
                state = new BucketState(false, grant.remaining(), grant.nextTokenMillis(), grant.fullMillis());
            }
            batch.get(i).sink.success(state);
        }
    }

    private static void serveUnlimited(List<Waiter> batch) {
        batch.forEach(waiter -> waiter.sink.success());
    }
}
