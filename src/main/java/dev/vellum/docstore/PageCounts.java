package dev.vellum.docstore;

import dev.vellum.config.VellumProperties;
import dev.vellum.query.Condition;
import dev.vellum.sql.Sql;
import dev.vellum.store.CountMode;
import dev.vellum.store.PageTotal;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns the rows of a document page read one past its limit into a {@link Page}, counting the
 * matches only as far as {@link CountMode} and {@code vellum.datastore.exact-count-threshold} ask
 * (see {@link PageTotal}); the planner's estimates are reused for a while ({@link CountEstimates}).
 */
@Component
final class PageCounts {

    private final DocumentReads reads;
    private final long threshold;
    private final CountEstimates estimates;

    PageCounts(DocumentReads reads, VellumProperties properties) {
        this.reads = reads;
        this.threshold = properties.datastore().exactCountThreshold();
        this.estimates = new CountEstimates(properties.datastore().countEstimateTtl());
    }

    Mono<Page> page(Scope scope, Condition match, List<DocumentRow> fetched, int limit, int offset, CountMode mode) {
        List<DocumentRow> rows = fetched.size() > limit ? List.copyOf(fetched.subList(0, limit)) : fetched;
        PageTotal.Counts counts = new PageTotal.Counts() {
            @Override
            public Mono<Long> exact() {
                return reads.count(DocumentReadSql.count(scope, match));
            }

            @Override
            public Mono<Long> atMost(long cap) {
                return reads.count(DocumentReadSql.cappedCount(scope, match, cap));
            }

            @Override
            public Mono<Long> planned() {
                Sql explain = DocumentReadSql.plannedCount(scope, match);
                return estimates.of(explain, () -> reads.planned(explain));
            }
        };
        return PageTotal.of(fetched.size(), limit, offset, mode, threshold, counts)
                .map(total -> new Page(rows, total.total(), total.hasNext(), total.estimated()));
    }
}
