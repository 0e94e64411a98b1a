package dev.vellum.sql;

/** A parameter bound as {@code jsonb}: the JSON text travels as a value, never as SQL. */
public record JsonParam(String json) {
}
