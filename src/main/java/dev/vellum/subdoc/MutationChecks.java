package dev.vellum.subdoc;

import dev.vellum.error.ErrorCode;
import dev.vellum.subdoc.SubdocPath.Component;
import dev.vellum.subdoc.SubdocPath.Index;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The checks Couchbase makes on a spec before touching the document (subjson's validate and the
 * path checks of its operations): what path an op may take, what values it accepts, how deep.
 */
final class MutationChecks {

    /** Documents nest at most 32 levels, the root being the first. */
    static final int MAX_DEPTH = 32;

    private MutationChecks() {
    }

    static void check(MutationSpec spec, int index) {
        MutationOp op = spec.op();
        Optional<Component> last = spec.path().last();
        if (op.isDictOp() && last.isEmpty()) {
            if (op != MutationOp.REPLACE) {
                throw SubdocErrors.atSpec(index, ErrorCode.PATH_INVALID, op.wireName() + " cannot target the document root");
            }
            // Couchbase SDK 3: replace on "" replaces the whole document, which is an object or array
            if (!spec.values().get(0).isContainer()) {
                throw SubdocErrors.atSpec(index, ErrorCode.VALUE_CANT_INSERT, "a document is a JSON object or array");
            }
        }
        boolean endsInIndex = last.isPresent() && last.get() instanceof Index;
        if ((op == MutationOp.INSERT || op == MutationOp.UPSERT) && endsInIndex) {
            // subjson's do_store_dict: only replace may name an array element.
            throw SubdocErrors.atSpec(index, ErrorCode.PATH_INVALID, op.wireName() + " needs an object key as the last component");
        }
        if (op == MutationOp.ARRAY_INSERT && !(endsInIndex && !((Index) last.get()).isLast())) {
            throw SubdocErrors.atSpec(index, ErrorCode.PATH_INVALID, "array_insert needs an index of 0 or more as the last component");
        }
        if (op == MutationOp.ARRAY_ADDUNIQUE) {
            if (spec.values().size() != 1) {
                throw SubdocErrors.atSpec(index, ErrorCode.VALUE_CANT_INSERT, "array_addunique adds exactly one value");
            }
            if (spec.values().get(0).isContainer()) {
                throw SubdocErrors.atSpec(index, ErrorCode.VALUE_CANT_INSERT, "array_addunique adds primitives only");
            }
        }
        int room = MAX_DEPTH - levelOfValue(spec) + 1;
        for (JsonNode value : spec.values()) {
            if (exceeds(value, room)) {
                throw SubdocErrors.atSpec(index, ErrorCode.VALUE_TOO_DEEP,
                        "the value would nest the document deeper than " + MAX_DEPTH + " levels");
            }
        }
    }

    /**
     * The level a value lands on (root = 1): the path's own target for set ops and array_insert
     * (whose index is the element), one deeper for append, prepend and addunique.
     */
    private static int levelOfValue(MutationSpec spec) {
        int target = spec.path().size() + 1;
        return switch (spec.op()) {
            case ARRAY_APPEND, ARRAY_PREPEND, ARRAY_ADDUNIQUE -> target + 1;
            default -> target;
        };
    }

    /** True when the value nests more than {@code levels} levels (a scalar or empty container is 1). */
    static boolean exceeds(JsonNode value, int levels) {
        if (levels < 1) {
            return true;
        }
        if (!value.isContainer()) {
            return false;
        }
        for (JsonNode child : value.values()) {
            if (exceeds(child, levels - 1)) {
                return true;
            }
        }
        return false;
    }
}
