package dev.vellum.docstore;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A document to insert: its body plus any server-timestamp fields still to fill in. */
public record NewDocument(ObjectNode body, List<SetOp> nowSets) {
}
