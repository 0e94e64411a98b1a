package dev.vellum.docstore;

import dev.vellum.query.Condition;
import dev.vellum.query.IndexSpec;
import dev.vellum.query.IndexSpecs;
import dev.vellum.query.SortKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Counts, in memory, the indexes the compiled queries would use, per collection, and how long
 * those queries took: no statement per request. The builder drains the counts into
 * {@code index_candidates} on its schedule, where every instance's counts add up. At most
 * {@link #MAX_KEYS} distinct entries wait between drains; past that, new ones are not counted.
 */
@Component
public class ShapeObservations {

    static final int MAX_KEYS = 10_000;

    /** One index on one collection. */
    public record Target(long projectId, String collection, IndexSpec spec) {
    }

    /** What was seen of a target since the last drain. */
    public static final class Seen {
        final LongAdder queries = new LongAdder();
        final LongAdder nanos = new LongAdder();
        volatile String shape;

        public long queries() {
            return queries.sum();
        }

        public double millis() {
            return nanos.sum() / 1_000_000.0;
        }

        public String shape() {
            return shape;
        }
    }

    private final AtomicReference<Map<Target, Seen>> current = new AtomicReference<>(new ConcurrentHashMap<>());

    /** A query of the documents of one collection was run and took {@code nanos}. */
    public void query(long projectId, String collection, Condition match, List<SortKey> sort, long nanos) {
        List<IndexSpec> specs = IndexSpecs.of(match, sort);
        if (specs.isEmpty()) {
            return;
        }
        String shape = QueryShapes.describe(match, sort);
        for (IndexSpec spec : specs) {
            record(new Target(projectId, collection, spec), shape, nanos);
        }
    }

    /** A full-text search over every string of the collection's documents was run. */
    public void search(long projectId, String collection, long nanos) {
        record(new Target(projectId, collection, IndexSpec.fullText()), "search", nanos);
    }

    /** Everything seen since the last drain; counting starts again from nothing. */
    public Map<Target, Seen> drain() {
        return current.getAndSet(new ConcurrentHashMap<>());
    }

    private void record(Target target, String shape, long nanos) {
        Map<Target, Seen> seen = current.get();
        Seen entry = seen.get(target);
        if (entry == null) {
            if (seen.size() >= MAX_KEYS) {
                return;
            }
            entry = seen.computeIfAbsent(target, t -> new Seen());
        }
        entry.queries.increment();
        entry.nanos.add(nanos);
        entry.shape = shape;
    }
}
