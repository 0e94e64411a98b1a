package dev.vellum.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/**
 * The embedded PostgreSQL and Redis processes, started at most once per JVM (tests with several
 * application contexts share them) and stopped when the JVM exits.
 */
final class EmbeddedDataTier {

    private static EmbeddedPostgres postgres;
    private static RedisServer redis;
    private static int redisPort;

    private EmbeddedDataTier() {
    }

    static synchronized int postgresPort(Path dataDir, boolean reset) {
        if (postgres == null) {
            try {
                Path dir = dataDir.resolve("postgres");
                // first, while its pid file is still there: a reset must not orphan a server
                // left behind by a killed JVM
                StaleProcess.stop(dir.resolve("postmaster.pid"), "postgres");
                if (reset) {
                    deleteRecursively(dir);
                }
                Files.createDirectories(dir);
                // The library starts PostgreSQL with fsync and synchronous_commit off (fine for
                // throwaway test data); data meant to survive gets them back on.
                String durable = reset ? "off" : "on";
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(false)
                        .setPort(freePort())
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", durable)
                        .setServerConfig("synchronous_commit", durable)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
            }
        }
        return postgres.getPort();
    }

    static synchronized int redisPort(Path dataDir, boolean reset) {
        if (redis == null) {
            try {
                Path dir = dataDir.resolve("redis").toAbsolutePath();
                StaleProcess.stop(dir.resolve("redis.pid"), "redis");
                if (reset) {
                    deleteRecursively(dir);
                }
                Files.createDirectories(dir);
                redisPort = freePort();
                redis = RedisServer.newRedisServer()
                        .port(redisPort)
                        .bind("127.0.0.1")
                        .setting("dir " + dir)
                        .setting("pidfile " + dir.resolve("redis.pid"))
                        .setting("appendonly yes")
                        .setting("save \"\"")
                        .build();
                redis.start();
                RedisServer started = redis;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(started), "embedded-redis-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded Redis in " + dataDir, e);
            }
        }
        return redisPort;
    }

    private static void stopQuietly(RedisServer server) {
        try {
            server.stop();
        } catch (IOException | RuntimeException ignored) {
            // the JVM is exiting; nothing more to do
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
