package dev.vellum.sql;

/** A typed SQL NULL parameter (drivers need the Java type to bind a null). */
public record NullParam(Class<?> type) {
}
