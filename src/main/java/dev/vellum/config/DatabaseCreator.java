package dev.vellum.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the configured database when the server does not have it yet (startup only, JDBC). */
final class DatabaseCreator {

    private DatabaseCreator() {
    }

    /** Returns true when the database had to be created. */
    static boolean ensureExists(DatabaseUrl url, String username, String password) {
        try (Connection ignored = DriverManager.getConnection(url.jdbc(), username, password)) {
            return false;
        } catch (SQLException e) {
            if (!"3D000".equals(e.getSQLState())) { // invalid_catalog_name: the database is missing
                throw new IllegalStateException("cannot connect to database " + url.database()
                        + " on " + url.host() + ":" + url.port() + ": " + e.getMessage(), e);
            }
        }
        return create(url, username, password);
    }

    private static boolean create(DatabaseUrl url, String username, String password) {
        try (Connection connection = DriverManager.getConnection(url.maintenanceJdbc(), username, password)) {
            try (PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, url.database());
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                // CREATE DATABASE takes no parameters; the name comes from our own configuration
                // and is quoted as an identifier.
                // Collation C: string ranges and sorts compare by code point, the same on every
                // machine, and match the in-memory reference semantics.
                create.execute("create database " + quoteIdentifier(url.database())
                        + " template template0 encoding 'UTF8' lc_collate 'C'");
            }
            return true;
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return false; // created concurrently by another instance
            }
            throw new IllegalStateException("cannot reach or create database " + url.database()
                    + " on " + url.host() + ":" + url.port() + ": " + e.getMessage(), e);
        }
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
