package dev.vellum.schema;

/**
 * A document body to check, and how an error names it: {@code index} its position in a batch of
 * new documents, {@code key} the key of a stored one that was changed (either may be null).
 */
public record CheckedDocument(byte[] body, Integer index, String key) {
}
