package dev.vellum.docstore;

/** Where the keys of a populated field point: a collection's documents, the project's app users, or nowhere. */
sealed interface ReferenceTarget {

    record Documents(String collection) implements ReferenceTarget {
    }

    record AppUsers() implements ReferenceTarget {
    }

    /** No rule found a target: the field is left as stored. */
    record Unresolved() implements ReferenceTarget {
    }
}
