package dev.vellum.docstore;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/** One stored document as read from a row; {@code total} is set by queries that count matches. */
public record DocumentRow(String key, String owner, byte[] body, long version, OffsetDateTime createdAt,
                   OffsetDateTime modifiedAt, long total) {

    public static DocumentRow read(Readable row) {
        return new DocumentRow(
                row.get("key", String.class),
                row.get("owner", String.class),
                row.get("body", Json.class).asArray(),
                row.get("version", Long.class),
                row.get("created_at", OffsetDateTime.class),
                row.get("modified_at", OffsetDateTime.class),
                0);
    }

    public static DocumentRow readCounted(Readable row) {
        DocumentRow plain = read(row);
        return new DocumentRow(plain.key, plain.owner, plain.body, plain.version, plain.createdAt, plain.modifiedAt,
                row.get("total", Long.class));
    }
}
