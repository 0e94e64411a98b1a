package dev.vellum.changes;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/**
 * One row of the outbox: a committed change of one document, with the document after the change
 * ({@code null} when it stopped being readable) and before it ({@code null} when it was not).
 */
public record Change(long seq, long projectId, String collection, String key, ChangeKind kind, long version,
                     OffsetDateTime at, Side after, Side before) {

    /**
     * One side of a change: the document's owner, body and system fields. The timestamps are null in
     * rows recorded before they were kept (sql/V85).
     */
    public record Side(String owner, String body, long version, OffsetDateTime createdAt, OffsetDateTime modifiedAt) {
    }

    static Change read(Readable row) {
        long version = row.get("version", Long.class);
        Long previousVersion = row.get("previous_version", Long.class);
        return new Change(row.get("seq", Long.class), row.get("project_id", Long.class), row.get("collection", String.class),
                row.get("key", String.class), ChangeKind.of(row.get("kind", String.class)), version,
                row.get("at", OffsetDateTime.class),
                side(row.get("owner", String.class), row.get("document", Json.class), version,
                        row.get("created_at", OffsetDateTime.class), row.get("modified_at", OffsetDateTime.class)),
                side(row.get("previous_owner", String.class), row.get("previous", Json.class),
                        previousVersion == null ? version : previousVersion,
                        row.get("previous_created_at", OffsetDateTime.class), row.get("previous_modified_at", OffsetDateTime.class)));
    }

    private static Side side(String owner, Json body, long version, OffsetDateTime createdAt, OffsetDateTime modifiedAt) {
        return body == null ? null : new Side(owner, body.asString(), version, createdAt, modifiedAt);
    }
}
