package dev.vellum.datastore;

import dev.vellum.docstore.DocumentRow;
import dev.vellum.store.Timestamps;
import java.time.OffsetDateTime;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a stored row as the document clients see: system fields first, then the body's fields,
 * or for an array body (written through the KV API) the array as {@code _value}.
 */
final class DocumentJson {

    private final JsonMapper mapper;
    /** Stored decimals read as BigDecimal: a double would round 3.14159265358979323846 and 1e-400. */
    private final ObjectReader bodies;

    DocumentJson(JsonMapper mapper) {
        this.mapper = mapper;
        this.bodies = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    ObjectNode render(DocumentRow row) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("_key", row.key());
        doc.put("_userkey", row.owner());
        doc.put("_created_at", timestamp(row.createdAt()));
        doc.put("_modified_at", timestamp(row.modifiedAt()));
        doc.put("_version", row.version());
        JsonNode body = bodies.readTree(row.body());
        if (body.isArray()) {
            doc.set("_value", body);
        } else {
            body.properties().forEach(entry -> doc.set(entry.getKey(), entry.getValue()));
        }
        return doc;
    }

    static String timestamp(OffsetDateTime time) {
        return Timestamps.format(time);
    }
}
