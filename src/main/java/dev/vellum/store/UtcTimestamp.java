package dev.vellum.store;

/**
 * A {@code timestamptz} column read straight into the form clients see ({@link Timestamps}), by
 * {@link UtcTimestampCodec}: {@code row.get(column, UtcTimestamp.class)}.
 */
public record UtcTimestamp(String text) {
}
