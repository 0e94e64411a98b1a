package dev.vellum.docstore;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.IdentityHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * How much referenced JSON one resolution puts into an answer. A referenced document is shared by
 * every reference to it (never copied), but the answer writes it out once per reference, so each
 * reference counts its document's full size; past {@code cap} the request is refused before
 * anything is written. Sizes are characters of compact JSON, measured once per document.
 */
public final class ResolvedBytes {

    private final long cap;
    private final Map<JsonNode, Long> sizes = new IdentityHashMap<>();
    private long used;

    public ResolvedBytes(long cap) {
        this.cap = cap;
    }

    /** Counts one more reference to {@code doc}; throws {@code 413 RESPONSE_TOO_LARGE} past the cap. */
    void add(String field, JsonNode doc) {
        used += sizes.computeIfAbsent(doc, node -> (long) node.toString().length());
        if (used > cap) {
            throw new VellumException(ErrorCode.RESPONSE_TOO_LARGE,
                    "the referenced documents would make the answer larger than " + cap
                            + " bytes; reference fewer documents or page with a smaller limit",
                    Map.of("field", field, "limit", cap, "setting", "vellum.references.max-resolved-bytes"));
        }
    }
}
