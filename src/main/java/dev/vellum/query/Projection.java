package dev.vellum.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which fields of a document a read returns: {@code {"name": 1}} keeps fields (plus {@code _key}
 * unless {@code "_key": 0}), {@code {"name": 0}} drops them. Dotted paths select nested fields
 * inside objects only; they do not reach into arrays.
 */
public final class Projection {

    /** Returns documents unchanged. */
    public static final Projection NONE = new Projection(false, List.of(), true);

    private final boolean inclusive;
    private final List<FieldRef> fields;
    private final PathTree tree = new PathTree();

    private Projection(boolean inclusive, List<FieldRef> fields, boolean keepKey) {
        this.inclusive = inclusive;
        this.fields = List.copyOf(fields);
        for (FieldRef field : fields) {
            tree.add(field instanceof BodyPath path ? path.segments() : List.of(field.publicName()));
        }
        if (inclusive && keepKey) {
            tree.add(List.of(SystemField.KEY.publicName()));
        }
    }

    public static Projection parse(JsonNode project) {
        if (project == null || project.isMissingNode() || project.isNull() || project.isEmpty() && project.isObject()) {
            return NONE;
        }
        if (!project.isObject()) {
            throw QueryErrors.invalid("project", "a projection must be a JSON object");
        }
        List<FieldRef> included = new ArrayList<>();
        List<FieldRef> excluded = new ArrayList<>();
        Boolean key = null;
        for (Map.Entry<String, JsonNode> entry : project.properties()) {
            boolean include = flag(entry.getKey(), entry.getValue());
            FieldRef field = FieldNames.parse(entry.getKey(), entry.getKey());
            if (field == SystemField.KEY) {
                key = include;
            } else {
                (include ? included : excluded).add(field);
                if (!included.isEmpty() && !excluded.isEmpty()) {
                    throw QueryErrors.invalid(entry.getKey(), "a projection cannot mix included and excluded fields");
                }
            }
        }
        if (!included.isEmpty() || (excluded.isEmpty() && Boolean.TRUE.equals(key))) {
            return new Projection(true, included, !Boolean.FALSE.equals(key));
        }
        if (Boolean.FALSE.equals(key)) {
            excluded.add(SystemField.KEY);
        }
        return new Projection(false, excluded, !Boolean.FALSE.equals(key));
    }

    /** True for 1/true, false for 0/false; anything else is invalid. */
    static boolean flag(String key, JsonNode value) {
        return flagValue(value).orElseThrow(() -> QueryErrors.invalid(key, "projection values must be 1, 0, true or false"));
    }

    static Optional<Boolean> flagValue(JsonNode value) {
        if (value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        if (value.isNumber() && value.decimalValue().compareTo(BigDecimal.ONE) == 0) {
            return Optional.of(true);
        }
        if (value.isNumber() && value.decimalValue().signum() == 0) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    public boolean isInclusive() {
        return inclusive;
    }

    /** The fields named (for an exclusion, including {@code _key} when it is dropped). */
    public List<FieldRef> fields() {
        return fields;
    }

    /** A new document holding the projected fields in the document's order. */
    public ObjectNode apply(ObjectNode document) {
        if (this == NONE) {
            return document;
        }
        return tree.select(document, inclusive);
    }
}
