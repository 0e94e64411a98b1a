package dev.vellum.sql;

import java.util.List;

/** A finished statement: SQL text with {@code $1..$n} placeholders and their values in order. */
public record Sql(String text, List<Object> params) {
}
