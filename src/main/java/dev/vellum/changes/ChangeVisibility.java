package dev.vellum.changes;

import dev.vellum.auth.Caller;
import tools.jackson.databind.JsonNode;

/**
 * Whether a reader may read a document as it was before or after a change: the feed asks for both
 * sides, so a document that stops being readable reaches the reader as a deletion. A collection's
 * read rules plug in here; {@link OwnerVisibility} is the default.
 */
public interface ChangeVisibility {

    boolean canRead(Caller reader, String collection, String owner, JsonNode document);
}
