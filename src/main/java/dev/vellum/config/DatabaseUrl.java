package dev.vellum.config;

import java.net.URI;

/**
 * A PostgreSQL location parsed from {@code postgresql://host:port/db} or
 * {@code jdbc:postgresql://host:port/db}; renders the JDBC and R2DBC forms of it.
 */
record DatabaseUrl(String host, int port, String database, String query) {

    static DatabaseUrl parse(String url) {
        String plain = url.startsWith("jdbc:") ? url.substring(5) : url;
        plain = plain.startsWith("r2dbc:") ? plain.substring(6) : plain;
        URI uri = URI.create(plain);
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("vellum.postgres.url must look like postgresql://host:5432/vellum, got " + url);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        String database = path.isEmpty() ? "vellum" : path;
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        return new DatabaseUrl(host, port, database, uri.getQuery());
    }

    String jdbc() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
    }

    String r2dbc() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
    }

    /** The maintenance database on the same server, used to create ours when it is missing. */
    String maintenanceJdbc() {
        return "jdbc:postgresql://" + host + ":" + port + "/postgres" + (query == null ? "" : "?" + query);
    }
}
