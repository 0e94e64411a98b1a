package dev.vellum.documents;

import java.util.Map;
import java.util.Set;

/**
 * What populate needs to know about collections, read in one statement: which of the candidate
 * target names exist, and the source collection's {@code references} setting (field → collection).
 */
record ReferenceCatalog(Set<String> existing, Map<String, String> references) {

    ReferenceCatalog {
        existing = Set.copyOf(existing);
        references = Map.copyOf(references);
    }

    boolean exists(String collection) {
        return existing.contains(collection);
    }
}
