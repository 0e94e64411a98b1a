package dev.vellum.docstore;

import java.util.Map;
import java.util.Set;

/**
 * What populate needs to know about collections, read in one statement: which of the candidate
 * target names exist, and the source collection's {@code references} setting (field → collection).
 */
public record ReferenceCatalog(Set<String> existing, Map<String, String> references) {

    public ReferenceCatalog {
        existing = Set.copyOf(existing);
        references = Map.copyOf(references);
    }

    public boolean exists(String collection) {
        return existing.contains(collection);
    }
}
