package dev.vellum.query;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Parses dotted field names, reporting errors against the key the client wrote. */
final class FieldNames {

    private FieldNames() {
    }

    static FieldRef parse(String name, String reportAs) {
        if (name == null) {
            throw QueryErrors.invalid(reportAs, "field name is missing");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > FieldRef.MAX_BYTES) {
            throw QueryErrors.invalid(reportAs, "field name is longer than " + FieldRef.MAX_BYTES + " bytes");
        }
        List<String> segments = List.of(name.split("\\.", -1));
        if (segments.stream().anyMatch(String::isEmpty)) {
            throw QueryErrors.invalid(reportAs, "field name '" + name + "' has an empty component");
        }
        if (segments.size() > FieldRef.MAX_SEGMENTS) {
            throw QueryErrors.invalid(reportAs, "field name has more than " + FieldRef.MAX_SEGMENTS + " components");
        }
        String first = segments.get(0);
        if (!first.startsWith("_")) {
            return new BodyPath(segments);
        }
        SystemField system = SystemField.byPublicName(first)
                .orElseThrow(() -> QueryErrors.invalid(reportAs, "unknown system field '" + first + "'"));
        if (segments.size() > 1) {
            throw QueryErrors.invalid(reportAs, "system field '" + first + "' has no sub-fields");
        }
        return system;
    }
}
