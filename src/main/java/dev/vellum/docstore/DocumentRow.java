package dev.vellum.docstore;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/** One stored document as read from a row. */
public record DocumentRow(String key, String owner, byte[] body, long version, OffsetDateTime createdAt,
                   OffsetDateTime modifiedAt) {

    public static DocumentRow read(Readable row) {
        return new DocumentRow(
                row.get("key", String.class),
                row.get("owner", String.class),
                row.get("body", Json.class).asArray(),
                row.get("version", Long.class),
                row.get("created_at", OffsetDateTime.class),
                row.get("modified_at", OffsetDateTime.class));
    }
}
