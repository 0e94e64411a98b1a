package dev.vellum.datastore;

import dev.vellum.docstore.DocumentRow;
import dev.vellum.store.CompactJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.io.JsonStringEncoder;
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

    /** The system field names as they would appear as keys in a body's text. */
    private static final List<String> SYSTEM_NAMES =
            List.of("\"_key\"", "\"_userkey\"", "\"_created_at\"", "\"_modified_at\"", "\"_version\"");

    private static final List<byte[]> SYSTEM_NAME_BYTES =
            SYSTEM_NAMES.stream().map(name -> name.getBytes(StandardCharsets.UTF_8)).toList();

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
        doc.put("_created_at", row.createdAt());
        doc.put("_modified_at", row.modifiedAt());
        doc.put("_version", row.version());
        JsonNode body = bodies.readTree(row.body());
        if (body.isArray()) {
            doc.set("_value", body);
        } else {
            body.properties().forEach(entry -> doc.set(entry.getKey(), entry.getValue()));
        }
        return doc;
    }

    /**
     * The same document as UTF-8 JSON text built around the body's stored bytes, without parsing
     * them into a tree or decoding them; null when only the tree renders it as {@link #render}
     * does (an array body, or a body that may hold a system field name, which the tree lets
     * override the system value).
     */
    byte[] utf8(DocumentRow row) {
        return utf8(row, 0);
    }

    /** {@link #utf8} as one NDJSON line (the document, then {@code \n}). */
    byte[] line(DocumentRow row) {
        byte[] line = utf8(row, 1);
        if (line != null) {
            line[line.length - 1] = '\n';
        }
        return line;
    }

    /**
     * One pass over the stored text (PostgreSQL's, with a space after each colon and comma): the
     * body's members are copied compacted right behind the system fields, and a string that may be
     * a system name (one starting with {@code "_}) sends the document to the tree instead.
     */
    private byte[] utf8(DocumentRow row, int spare) {
        byte[] body = row.body();
        int start = 0;
        while (start < body.length && CompactJson.isSpace(body[start])) {
            start++;
        }
        if (body.length - start < 2 || body[start] != '{') {
            return null;
        }
        byte[] front = systemFields(new StringBuilder(160), row).toString().getBytes(StandardCharsets.UTF_8);
        byte[] text = new byte[front.length + body.length - start + spare];
        System.arraycopy(front, 0, text, 0, front.length);
        text[front.length] = ','; // the body's "{" becomes a comma after the system fields
        int length = CompactJson.copy(body, start + 1, text, front.length + 1, DocumentJson::isSystemName);
        if (length < 0) {
            return null;
        }
        if (length == front.length + 2) { // an empty body: "}" alone, no comma
            text[front.length] = '}';
            length = front.length + 1;
        }
        return length + spare == text.length ? text : Arrays.copyOf(text, length + spare);
    }

    /** Whether one of the system names, quoted, starts at {@code at}: the tree lets a body's field override the system value. */
    private static boolean isSystemName(byte[] body, int at) {
        if (at + 1 >= body.length || body[at + 1] != '_') {
            return false;
        }
        for (byte[] name : SYSTEM_NAME_BYTES) {
            if (startsAt(body, at, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsAt(byte[] text, int at, byte[] part) {
        if (at + part.length > text.length) {
            return false;
        }
        for (int i = 0; i < part.length; i++) {
            if (text[at + i] != part[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code {"_key":…,"_userkey":…,"_created_at":…,"_modified_at":…,"_version":N}, without the closing brace. */
    private static StringBuilder systemFields(StringBuilder out, DocumentRow row) {
        quoted(out.append("{\"_key\":"), row.key()).append(",\"_userkey\":");
        if (row.owner() == null) {
            out.append("null");
        } else {
            quoted(out, row.owner());
        }
        return out.append(",\"_created_at\":\"").append(row.createdAt())
                .append("\",\"_modified_at\":\"").append(row.modifiedAt())
                .append("\",\"_version\":").append(row.version());
    }

    private static StringBuilder quoted(StringBuilder out, String value) {
        out.append('"');
        if (needsEscape(value)) {
            JsonStringEncoder.getInstance().quoteAsString(value, out);
        } else {
            // keys and user ids almost never hold a quote, a backslash or a control character, and
            // the encoder's call was 7 % of a find page's JVM samples
            out.append(value);
        }
        return out.append('"');
    }

    /** What Jackson escapes in a string: control characters, the quote and the backslash. */
    private static boolean needsEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
