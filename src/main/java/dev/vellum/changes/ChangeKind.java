package dev.vellum.changes;

import java.util.Locale;

/** What happened to a document; the event type is {@code document.<kind>}. */
public enum ChangeKind {
    CREATED, UPDATED, DELETED, ARCHIVED, RESTORED, EXPIRED;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String type() {
        return "document." + column();
    }

    /** Whether the document is readable after a change of this kind. */
    public boolean leavesDocument() {
        return this == CREATED || this == UPDATED || this == RESTORED;
    }

    public static ChangeKind of(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
