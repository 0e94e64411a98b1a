package dev.vellum.documents;

import dev.vellum.docstore.DocumentRow;
import dev.vellum.query.SystemField;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a stored row as this API shows it: {@code id}, {@code created_at}, {@code updated_at},
 * {@code _version}, {@code _userkey}, then the body's fields. A body field that a Datastore or KV
 * write named {@code id}, {@code created_at} or {@code updated_at} is hidden behind the system
 * field; an array body (KV) shows as {@code _value}, as in the Datastore.
 */
final class DocumentView {

    private final JsonMapper mapper;
    /** Stored decimals read as BigDecimal: a double would round 3.14159265358979323846. */
    private final ObjectReader bodies;

    DocumentView(JsonMapper mapper) {
        this.mapper = mapper;
        this.bodies = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    ObjectNode render(DocumentRow row) {
        return render(row, Selection.ALL);
    }

    /** With a selection the row's body is already projected by SQL; only the system fields are picked here. */
    ObjectNode render(DocumentRow row, Selection selection) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put(DocumentFields.ID, row.key());
        if (selection.keeps(SystemField.CREATED_AT)) {
            doc.put(DocumentFields.CREATED_AT, row.createdAt());
        }
        if (selection.keeps(SystemField.MODIFIED_AT)) {
            doc.put(DocumentFields.UPDATED_AT, row.modifiedAt());
        }
        if (selection.keeps(SystemField.VERSION)) {
            doc.put(DocumentFields.VERSION, row.version());
        }
        if (selection.keeps(SystemField.USERKEY)) {
            doc.put(DocumentFields.USERKEY, row.owner());
        }
        JsonNode body = bodies.readTree(row.body());
        if (body.isArray()) {
            doc.set("_value", body);
            return doc;
        }
        body.properties().forEach(entry -> {
            if (DocumentFields.system(entry.getKey()).isEmpty()) {
                doc.set(entry.getKey(), entry.getValue());
            }
        });
        return doc;
    }
}
