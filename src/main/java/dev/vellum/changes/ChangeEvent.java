package dev.vellum.changes;

import dev.vellum.store.Timestamps;
import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A change as one reader sees it: its seq (the feed's event id), kind, time and the document after
 * it ({@code null} when the reader can no longer read it).
 */
public record ChangeEvent(long seq, ChangeKind kind, OffsetDateTime at, String collection, String key, long version,
                          JsonNode document) {

    /** {@code {"type", "timestamp", "data": {"collection", "key", "version", "document"}}}, as webhooks send it. */
    public ObjectNode toJson(JsonMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        json.put("type", kind.type());
        json.put("timestamp", Timestamps.format(at));
        ObjectNode data = json.putObject("data");
        data.put("collection", collection);
        data.put("key", key);
        data.put("version", version);
        data.set("document", document == null ? mapper.nullNode() : document);
        return json;
    }
}
