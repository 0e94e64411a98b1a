package dev.vellum.documents;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** The answer to one {@link FetchQuery}, in the shape its query type gives. */
public sealed interface FetchResult {

    record Page(QueryPage page) implements FetchResult {
    }

    record Found(Optional<ObjectNode> document) implements FetchResult {
    }

    record Counted(long count) implements FetchResult {
    }
}
