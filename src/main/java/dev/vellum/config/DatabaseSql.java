package dev.vellum.config;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/** The two statements that create Vellum's database on a server that lacks it. */
final class DatabaseSql {

    private DatabaseSql() {
    }

    static Sql exists(String database) {
        return new SqlBuilder().sql("select 1 from pg_database where datname = ").param(database).build();
    }

    /**
     * CREATE DATABASE takes no parameters, so the name (from our own configuration) goes in quoted
     * as an identifier. Collation C: string ranges and sorts compare by code point, the same on
     * every machine, and match the in-memory reference semantics.
     */
    static Sql create(String database) {
        return new SqlBuilder().sql("create database " + quoteIdentifier(database)
                + " template template0 encoding 'UTF8' lc_collate 'C'").build();
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
