package dev.vellum.changes;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;

/**
 * One row of the outbox: a committed change of one document, with its owner and body after the
 * change ({@code null} when it stopped being readable) and before it ({@code null} when it was not).
 */
public record Change(long seq, long projectId, String collection, String key, String owner, String previousOwner,
                     ChangeKind kind, long version, OffsetDateTime at, String document, String previous) {

    static Change read(Readable row) {
        return new Change(row.get("seq", Long.class), row.get("project_id", Long.class), row.get("collection", String.class),
                row.get("key", String.class), row.get("owner", String.class), row.get("previous_owner", String.class),
                ChangeKind.of(row.get("kind", String.class)), row.get("version", Long.class),
                row.get("at", OffsetDateTime.class), text(row.get("document", Json.class)), text(row.get("previous", Json.class)));
    }

    private static String text(Json json) {
        return json == null ? null : json.asString();
    }
}
