package dev.vellum.subdoc;

/** One spec of a lookup_in or mutate_in request. */
public sealed interface SubdocSpec permits LookupSpec, MutationSpec {

    SubdocPath path();
}
