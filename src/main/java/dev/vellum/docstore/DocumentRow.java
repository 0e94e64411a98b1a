package dev.vellum.docstore;

import dev.vellum.store.Timestamps;
import dev.vellum.store.UtcTimestamp;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/**
 * One stored document as read from a row; its timestamps already in the form clients see
 * ({@link Timestamps}): every reader only writes them out.
 */
public record DocumentRow(String key, String owner, byte[] body, long version, String createdAt, String modifiedAt) {

    public static DocumentRow read(Readable row) {
        return new DocumentRow(
                row.get("key", String.class),
                row.get("owner", String.class),
                row.get("body", Json.class).asArray(),
                row.get("version", Long.class),
                time(row, "created_at"),
                time(row, "modified_at"));
    }

    /** Copied from PostgreSQL's text where it has the usual UTC form, else through the driver's {@code OffsetDateTime}. */
    private static String time(Readable row, String column) {
        UtcTimestamp copied = row.get(column, UtcTimestamp.class);
        return copied != null ? copied.text() : Timestamps.format(row.get(column, OffsetDateTime.class));
    }
}
