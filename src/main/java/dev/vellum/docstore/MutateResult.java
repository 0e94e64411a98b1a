package dev.vellum.docstore;

/** What {@code mutate_in} wrote: the new version and the per-spec results as JSON text. */
public record MutateResult(long version, byte[] results) {
}
