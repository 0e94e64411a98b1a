package dev.vellum.docstore;

/** A document's stored JSON text, as Postgres wrote it, and its version. */
public record StoredDocument(byte[] body, long version) {
}
