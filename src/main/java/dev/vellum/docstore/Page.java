package dev.vellum.docstore;

import java.util.List;

/**
 * One page of matches in order; {@code hasNext} is exact (the page read one row past its limit),
 * {@code total} is the number of all matches, the planner's estimate when {@code countEstimated}.
 */
public record Page(List<DocumentRow> rows, long total, boolean hasNext, boolean countEstimated) {
}
