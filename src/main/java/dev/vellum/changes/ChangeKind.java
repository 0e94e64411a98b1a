package dev.vellum.changes;

import java.util.Locale;

/**
 * What happened to a document, the event type {@code document.<kind>}; or to the whole collection:
 * {@code collection_deleted}, the type {@code collection.deleted}, one change however many
 * documents it held.
 */
public enum ChangeKind {
    CREATED, UPDATED, DELETED, ARCHIVED, RESTORED, EXPIRED, COLLECTION_DELETED;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String type() {
        return this == COLLECTION_DELETED ? "collection.deleted" : "document." + column();
    }

    /** Whether the document is readable after a change of this kind. */
    public boolean leavesDocument() {
        return this == CREATED || this == UPDATED || this == RESTORED;
    }

    public static ChangeKind of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
