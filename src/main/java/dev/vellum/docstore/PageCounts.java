package dev.vellum.docstore;

import dev.vellum.config.VellumProperties;
import dev.vellum.query.Condition;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns the rows of a page read one past its limit into a {@link Page}: {@code hasNext} from that
 * extra row, and the total without reading every match unless the caller asked for
 * {@link CountMode#EXACT}. A page that shows the last match knows the total from its own offset.
 * Otherwise {@link CountMode#ESTIMATED} counts at most {@code exact-count-threshold + 1} matches and,
 * when there are more, asks the planner; the estimate is never below what the page has seen.
 */
@Component
final class PageCounts {

    private final DocumentReads reads;
    private final long threshold;

    PageCounts(DocumentReads reads, VellumProperties properties) {
        this.reads = reads;
        this.threshold = properties.datastore().exactCountThreshold();
    }

    Mono<Page> page(Scope scope, Condition match, List<DocumentRow> fetched, int limit, int offset, CountMode mode) {
        boolean hasNext = fetched.size() > limit;
        List<DocumentRow> rows = hasNext ? List.copyOf(fetched.subList(0, limit)) : fetched;
        if (!hasNext && (!rows.isEmpty() || offset == 0)) {
            return Mono.just(new Page(rows, offset + (long) rows.size(), false, false));
        }
        // An empty page past the end says nothing about how many matches come before it.
        long atLeast = rows.isEmpty() ? 0 : offset + (long) rows.size() + 1;
        Mono<Long> exact = Mono.defer(() -> reads.count(DocumentReadSql.count(scope, match)));
        Mono<Page> planned = Mono.defer(() -> reads.plannedRows(DocumentReadSql.plannedCount(scope, match))
                .map(estimate -> new Page(rows, Math.max(estimate, atLeast), hasNext, true)));
        return switch (mode) {
            case EXACT -> exact.map(total -> new Page(rows, total, hasNext, false));
            case PLANNED -> planned;
            case ESTIMATED -> atLeast > threshold ? planned
                    : reads.count(DocumentReadSql.cappedCount(scope, match, threshold + 1)).flatMap(total -> total <= threshold
                            ? Mono.just(new Page(rows, total, hasNext, false))
                            : planned.map(page -> new Page(rows, Math.max(page.total(), threshold + 1), hasNext, true)));
        };
    }
}
