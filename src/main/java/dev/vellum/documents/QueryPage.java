package dev.vellum.documents;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One page of {@link AsyncDb#query}: the documents, how many match in all (the planner's estimate
 * when {@code countEstimated}), and whether more follow (always exact).
 */
public record QueryPage(List<ObjectNode> data, long total, boolean hasMore, boolean countEstimated) {

    public QueryPage {
        data = List.copyOf(data);
    }

    /** An exactly counted page. */
    public QueryPage(List<ObjectNode> data, long total, boolean hasMore) {
        this(data, total, hasMore, false);
    }
}
