package dev.vellum.docstore;

import java.util.List;

/** Field assignments for the document with this key (one item of a batch update). */
public record KeyedUpdate(String key, List<SetOp> sets) {
}
