package dev.vellum.docstore;

import dev.vellum.sql.Sql;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The planner's row estimates of recent count queries, by statement text and values, for a while:
 * paging through one query (or many clients asking the same one) plans its count once, not on
 * every page. An estimate is only ever shown as one ({@code count_estimated}) and otherwise only
 * decides whether to count exactly; PostgreSQL's statistics behind it change far more slowly.
 */
final class CountEstimates {

    static final int MAX_ENTRIES = 4096;
    /** Longer statements (a match of many values) are not kept: a key that size is no saving. */
    static final int MAX_KEY_LENGTH = 4096;

    private record Entry(long estimate, long expiresAt) {
    }

    private final long ttlNanos;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    CountEstimates(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The kept estimate of {@code explain}, or {@code ask}'s answer, kept. */
    Mono<Long> of(Sql explain, Supplier<Mono<Long>> ask) {
        if (ttlNanos <= 0) {
            return ask.get();
        }
        String key = key(explain);
        if (key.length() > MAX_KEY_LENGTH) {
            return ask.get();
        }
        Long kept = get(key);
        return kept != null ? Mono.just(kept) : ask.get().doOnNext(estimate -> put(key, estimate));
    }

    private synchronized Long get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAt - System.nanoTime() <= 0) {
            entries.remove(key);
            return null;
        }
        return entry.estimate;
    }

    private synchronized void put(String key, long estimate) {
        entries.put(key, new Entry(estimate, System.nanoTime() + ttlNanos));
        Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
        while (entries.size() > MAX_ENTRIES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private static String key(Sql sql) {
        StringBuilder key = new StringBuilder(sql.text());
        for (Object param : sql.params()) {
            String value = param instanceof Object[] array ? Arrays.deepToString(array) : String.valueOf(param);
            key.append('\n').append(value.length()).append(':').append(value);
        }
        return key.toString();
    }
}
