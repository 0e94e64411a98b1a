package dev.vellum.config;

import dev.vellum.store.JdbcStatements;
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
            try (PreparedStatement exists = JdbcStatements.prepare(connection, DatabaseSql.exists(url.database()));
                 ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return false;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute(DatabaseSql.create(url.database()).text());
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
}
