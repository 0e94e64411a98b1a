package dev.vellum.subdoc;

import dev.vellum.error.ErrorCode;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Evaluates lookup_in specs against one version of a document; each spec succeeds or fails alone. */
public final class LookupEngine {

    private LookupEngine() {
    }

    public static List<LookupResult> evaluate(List<LookupSpec> specs, JsonNode document) {
        return specs.stream().map(spec -> evaluate(spec, document)).toList();
    }

    public static LookupResult evaluate(LookupSpec spec, JsonNode document) {
        PathMatch match = PathMatch.find(document, spec.path());
        if (match instanceof PathMatch.Mismatch) {
            return new LookupResult.Failure(ErrorCode.PATH_MISMATCH);
        }
        if (match instanceof PathMatch.NotFound) {
            // exists answers a missing path with false, never with an error.
            return spec.op() == LookupOp.EXISTS
                    ? new LookupResult.Presence(false)
                    : new LookupResult.Failure(ErrorCode.PATH_NOT_FOUND);
        }
        JsonNode value = ((PathMatch.Found) match).value();
        return switch (spec.op()) {
            case GET -> new LookupResult.Value(value.deepCopy());
            case EXISTS -> new LookupResult.Presence(true);
            case COUNT -> value.isContainer()
                    ? new LookupResult.Value(JsonNodeFactory.instance.numberNode(value.size()))
                    : new LookupResult.Failure(ErrorCode.PATH_MISMATCH);
        };
    }
}
