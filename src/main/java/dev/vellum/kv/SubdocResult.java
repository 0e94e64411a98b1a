package dev.vellum.kv;

import tools.jackson.databind.node.ObjectNode;

/** What {@code lookup_in} and {@code mutate_in} answer: the document's version (its cas) and {@code {"cas", "results"}}. */
public record SubdocResult(long version, ObjectNode body) {
}
