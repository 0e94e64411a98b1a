package dev.vellum.subdoc;

import dev.vellum.error.ErrorCode;
import dev.vellum.query.CountBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads one mutate_in spec: first its shape (VALIDATION_ERROR), then what Couchbase reports as
 * sub-document errors (PATH_INVALID, DELTA_INVALID, ...) via {@link MutationChecks}.
 */
final class MutationSpecReader {

    private static final Set<String> FIELDS = Set.of("op", "path", "value", "values", "delta", "create_parents", "create_path");

    private MutationSpecReader() {
    }

    static MutationSpec read(JsonNode spec, int index) {
        SpecParser.rejectUnknownSpecFields(spec, FIELDS, index);
        String opName = SpecParser.string(spec, "op", index);
        MutationOp op = MutationOp.fromWire(opName)
                .orElseThrow(() -> SubdocErrors.invalidSpec(index, "op", "unknown mutation op '" + opName + "'"));
        SpecParser.string(spec, "path", index);
        List<JsonNode> values = values(spec, op, index);
        if (spec.has("delta") && op != MutationOp.COUNTER) {
            throw SubdocErrors.invalidSpec(index, "delta", "only counter takes a 'delta'");
        }
        boolean createParents = createParents(spec, index);
        if (createParents && op == MutationOp.ARRAY_INSERT) {
            // Couchbase Server refuses the flag on array_insert; the seed: "the array must already exist"
            String field = spec.has("create_path") ? "create_path" : "create_parents";
            throw SubdocErrors.invalidSpec(index, field, "array_insert never creates parents: the array must exist");
        }

        SubdocPath path = SpecParser.path(spec, index);
        Long delta = op == MutationOp.COUNTER ? delta(spec.get("delta"), index) : null;
        MutationSpec parsed = new MutationSpec(op, path, values, delta, createParents);
        MutationChecks.check(parsed, index);
        return parsed;
    }

    /** {@code value} is one element even when it is an array; {@code values} lists several. */
    private static List<JsonNode> values(JsonNode spec, MutationOp op, int index) {
        JsonNode value = spec.get("value");
        JsonNode values = spec.get("values");
        if (value != null && values != null) {
            throw SubdocErrors.invalidSpec(index, "values", "give 'value' or 'values', not both");
        }
        if (!op.takesValue()) {
            if (value != null || values != null) {
                String field = value != null ? "value" : "values";
                throw SubdocErrors.invalidSpec(index, field, op.wireName() + " takes no '" + field + "'");
            }
            return List.of();
        }
        if (values != null) {
            if (!op.isArrayOp()) {
                throw SubdocErrors.invalidSpec(index, "values", "'values' is for array ops; " + op.wireName() + " takes one 'value'");
            }
            if (!values.isArray() || values.isEmpty()) {
                throw SubdocErrors.invalidSpec(index, "values", "'values' must be a non-empty array");
            }
            int max = CountBounds.current().arrayValues();
            if (values.size() > max) {
                throw SubdocErrors.invalidSpec(index, "values", "at most " + max + " values in one array op");
            }
            List<JsonNode> list = new ArrayList<>();
            values.values().forEach(list::add);
            return list;
        }
        if (value == null) {
            throw SubdocErrors.invalidSpec(index, "value", op.wireName() + " needs a 'value'");
        }
        return List.of(value);
    }

    /** {@code create_path} is the Couchbase SDKs' name for the same flag; giving both is ambiguous. */
    private static boolean createParents(JsonNode spec, int index) {
        if (spec.has("create_parents") && spec.has("create_path")) {
            throw SubdocErrors.invalidSpec(index, "create_path", "give 'create_parents' or 'create_path', not both");
        }
        String field = spec.has("create_path") ? "create_path" : "create_parents";
        JsonNode flag = spec.get(field);
        if (flag == null) {
            return false;
        }
        if (!flag.isBoolean()) {
            throw SubdocErrors.invalidSpec(index, field, "'" + field + "' must be true or false");
        }
        return flag.booleanValue();
    }

    /** Counter deltas are non-zero signed 64-bit integers; anything else is DELTA_INVALID. */
    private static long delta(JsonNode delta, int index) {
        if (delta == null || delta.isNull()) {
            throw SubdocErrors.atSpec(index, ErrorCode.DELTA_INVALID, "counter needs a 'delta'");
        }
        if (!delta.isIntegralNumber() || !delta.canConvertToLong()) {
            throw SubdocErrors.atSpec(index, ErrorCode.DELTA_INVALID, "'delta' must be an integer within signed 64 bits");
        }
        long value = delta.longValue();
        if (value == 0) {
            throw SubdocErrors.atSpec(index, ErrorCode.DELTA_INVALID, "'delta' must not be 0");
        }
        return value;
    }
}
