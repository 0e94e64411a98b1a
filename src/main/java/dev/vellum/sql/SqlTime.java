package dev.vellum.sql;

/** The server's clock as SQL: every timestamp a statement writes is the statement's instant at millisecond precision. */
public final class SqlTime {

    /** What _created_at/_modified_at show, as a timestamptz. */
    public static final String NOW = "date_trunc('milliseconds', now())";
    /** {@link #NOW} as the ISO-8601 UTC text clients see (what {@code "&field": "@now()"} writes). */
    public static final String NOW_TEXT = "to_char(" + NOW + " at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

    private SqlTime() {
    }
}
