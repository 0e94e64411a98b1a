package dev.vellum.subdoc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A validated mutate_in body: the specs and the document-level options. */
public record MutateRequest(
        List<MutationSpec> specs,
        Optional<String> cas,
        StoreSemantics semantics,
        Optional<Integer> expirySeconds,
        Optional<Durability> durability) {

    public MutateRequest {
        specs = List.copyOf(specs);
        Objects.requireNonNull(cas, "cas");
        Objects.requireNonNull(semantics, "semantics");
        Objects.requireNonNull(expirySeconds, "expirySeconds");
        Objects.requireNonNull(durability, "durability");
    }
}
