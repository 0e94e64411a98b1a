package dev.vellum.documents;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** One page of {@link AsyncDb#query}: the documents, how many match in all, and whether more follow. */
public record QueryPage(List<ObjectNode> data, long total, boolean hasMore) {

    public QueryPage {
        data = List.copyOf(data);
    }
}
