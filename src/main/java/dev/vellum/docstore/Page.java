package dev.vellum.docstore;

import java.util.List;

/** One page of matches in order, and how many documents match in all. */
public record Page(List<DocumentRow> rows, long total) {
}
