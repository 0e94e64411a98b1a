package dev.vellum.bounds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.VellumApplication;
import dev.vellum.auth.ApiKeys;
import dev.vellum.notify.PgNotifications;
import dev.vellum.pool.GuardedConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PostgreSQL stopped and started again under a running Vellum: a PostgreSQL of this test's own (a
 * fixed port and a kept data directory, so the restart is the same server), never the suite's
 * shared one. While it is down every request answers a clear {@code 503} within the configured
 * timeouts; once it is back Vellum answers normally without a restart of its own, its cache
 * invalidations are heard again, every acknowledged write is there and none that failed is
 * there in part.
 */
class PostgresRestartIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SECRET_KEY = "vk_secret_test_key";
    /** Acquire timeout plus statement timeout of the context below, with room to spare. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final Duration GENEROUS = Duration.ofSeconds(90);
    private static final int POOL_SIZE = 4;

    @TempDir
    Path dataDir;
    private int postgresPort;
    private EmbeddedPostgres postgres;
    private ConfigurableApplicationContext vellum;
    private WebTestClient http;

    @BeforeEach
    void startPostgresAndVellum() throws IOException {
        postgresPort = freePort();
        postgres = startPostgres();
        vellum = new SpringApplicationBuilder(VellumApplication.class).run(
                "--server.port=0",
                "--vellum.postgres.url=postgresql://127.0.0.1:" + postgresPort + "/vellum",
                "--spring.r2dbc.pool.initial-size=1",
                "--spring.r2dbc.pool.max-size=" + POOL_SIZE,
                "--vellum.postgres.acquire-timeout=5s",
                "--vellum.postgres.statement-timeout=10s",
                "--vellum.auth.cache-heartbeat=500ms");
        int port = vellum.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(ANSWER_WITHIN).build();
    }

    @AfterEach
    void stopAll() throws IOException {
        if (vellum != null) {
            vellum.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void postgres_restarted_under_load_answers_503_while_down_then_recovers_with_every_acknowledged_write() throws Exception {
        String c = "restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String doomedKey = "vk_secret_restart_" + UUID.randomUUID().toString().replace("-", "");
        addSecretKey(doomedKey);
        List<Write> writes = new CopyOnWriteArrayList<>();
        writes.add(insertPair(c, -1));
        assertThat(writes.get(0).status()).isEqualTo(200);
        assertThat(count(c, doomedKey)).isEqualTo(200);
        int pidBefore = listenerPid();

        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> unanswered = new CopyOnWriteArrayList<>();
        Thread writer = new Thread(() -> {
            for (int n = 1; writing.get(); n++) {
                try {
                    writes.add(insertPair(c, n));
                } catch (Throwable noAnswer) {
                    // past the client's timeout, or the connection dropped without an answer
                    writes.add(new Write(n, -1, null));
                    unanswered.add(n + ": " + noAnswer);
                }
            }
        }, "restart-writer");
        writer.start();
        try {
            waitFor(() -> acknowledged(writes) >= 20, "writes acknowledged before the stop");
            postgres.close();
            postgres = null;
            int before = writes.size();
            waitFor(() -> writes.size() >= before + 10, "writes answered while PostgreSQL is down");
            // reads and authentication too: nothing waits for the database to come back
            for (int i = 0; i < POOL_SIZE * 2; i++) {
                assertDownAnswer(http.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"op\": \"collection.count\", \"collection\": \"" + c + "\"}")
                        .exchange().expectBody(byte[].class).returnResult());
            }
            postgres = startPostgres();
            int restarted = writes.size();
            waitFor(() -> writes.size() >= restarted + 5 && writes.get(writes.size() - 1).status() == 200,
                    "writes acknowledged again after the start");
        } finally {
            writing.set(false);
            writer.join(GENEROUS.toMillis());
        }

        assertThat(unanswered).as("every write got an answer within the timeouts").isEmpty();
        for (Write write : writes) {
            if (write.status() != 200) {
                assertDownAnswer(write.result());
            }
        }
        assertThat(writes).as("some writes failed while PostgreSQL was down").anyMatch(write -> write.status() == 503);
        assertThat(writes.stream().filter(write -> write.status() == 200).count())
                .as("writes acknowledged before and after").isGreaterThanOrEqualTo(25);
        Map<Integer, Integer> stored = storedHalves(c);
        for (Write write : writes) {
            int halves = stored.getOrDefault(write.n(), 0);
            if (write.status() == 200) {
                assertThat(halves).as("acknowledged write %d is stored whole", write.n()).isEqualTo(2);
            } else {
                assertThat(halves).as("failed write %d is stored whole or not at all", write.n()).isIn(0, 2);
            }
        }

        // the pool replaced its dead connections: more requests than it has connections, all fine
        for (int i = 0; i < POOL_SIZE * 3; i++) {
            assertThat(count(c, SECRET_KEY)).isEqualTo(200);
        }
        assertThat(pool().getMetrics().orElseThrow().allocatedSize()).isBetween(1, POOL_SIZE);

        // the LISTEN connection is a new one, and what it hears is applied: the key still answers
        // from the cache, is deleted behind Vellum's back, and is refused once the notification arrives
        PgNotifications notifications = vellum.getBean(PgNotifications.class);
        waitFor(() -> Boolean.TRUE.equals(notifications.listensTo("vellum_auth").block(GENEROUS)), "LISTEN again");
        assertThat(listenerPid()).isNotEqualTo(pidBefore);
        waitFor(() -> count(c, doomedKey) == 200 && countWithKeysLocked(c, doomedKey) == 200,
                "the key to be answered from the cache, which only notifications keep true");
        deleteKey(doomedKey);
        waitFor(() -> count(c, doomedKey) == 401, "the deleted key to be refused");
    }

    private record Write(int n, int status, EntityExchangeResult<byte[]> result) {
    }

    /** One Datastore insert of two documents (one write), with the status it got. */
    private Write insertPair(String c, int n) {
        String body = "{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": [{\"n\": " + n
                + ", \"half\": 1}, {\"n\": " + n + ", \"half\": 2}]}";
        EntityExchangeResult<byte[]> result = http.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectBody(byte[].class).returnResult();
        return new Write(n, result.getStatus().value(), result);
    }

    private static int acknowledged(List<Write> writes) {
        return (int) writes.stream().filter(write -> write.status() == 200).count();
    }

    /** A 503 SERVICE_UNAVAILABLE with Retry-After and a plain error body: no stack trace, no 500. */
    private static void assertDownAnswer(EntityExchangeResult<byte[]> result) {
        String body = new String(result.getResponseBodyContent() == null ? new byte[0] : result.getResponseBodyContent());
        assertThat(result.getStatus().value()).as(body).isEqualTo(503);
        assertThat(result.getResponseHeaders().getFirst("Retry-After")).as(body).isNotBlank();
        JsonNode error = JSON.readTree(body).get("error");
        assertThat(error.get("code").asString()).as(body).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(body).doesNotContain("Exception", "\tat ");
    }

    /** For each write, how many of its two documents are stored. */
    private Map<Integer, Integer> storedHalves(String c) {
        byte[] body = http.get().uri("/v1/collections/{c}/documents?limit=1000&select=n", c).header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        JsonNode page = JSON.readTree(body);
        assertThat(page.get("has_more").asBoolean()).isFalse();
        Map<Integer, Integer> halves = new HashMap<>();
        page.get("data").forEach(doc -> halves.merge(doc.get("n").asInt(), 1, Integer::sum));
        return halves;
    }

    private int count(String c, String key) {
        return http.post().uri("/v1/datastore").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"op\": \"collection.count\", \"collection\": \"" + c + "\"}")
                .exchange().returnResult(String.class).getStatus().value();
    }

    /** The status of a count while no one can read {@code api_keys}: 200 only when the key is cached. */
    private int countWithKeysLocked(String c, String key) {
        try (Connection connection = jdbc(); Statement st = connection.createStatement()) {
            connection.setAutoCommit(false);
            st.execute("lock table api_keys in access exclusive mode");
            int status = count(c, key);
            connection.rollback();
            return status;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private int listenerPid() {
        Integer pid = vellum.getBean(PgNotifications.class).listenerPid().block(GENEROUS);
        assertThat(pid).as("a listening connection").isNotNull();
        return pid;
    }

    private io.r2dbc.pool.ConnectionPool pool() {
        return ((GuardedConnectionPool) vellum.getBean(ConnectionFactory.class)).unwrap();
    }

    private void addSecretKey(String key) throws SQLException {
        sql("insert into api_keys (key_hash, project_id, kind) select decode('" + hex(ApiKeys.digest(key))
                + "', 'hex'), project_id, 'secret' from api_keys where key_hash = decode('" + hex(ApiKeys.digest(SECRET_KEY)) + "', 'hex')");
    }

    private void deleteKey(String key) throws SQLException {
        sql("delete from api_keys where key_hash = decode('" + hex(ApiKeys.digest(key)) + "', 'hex')");
    }

    /** Test-owned statements over JDBC, on this test's own server (the digests are hex, not client text). */
    private void sql(String statement) throws SQLException {
        try (Connection connection = jdbc(); Statement st = connection.createStatement()) {
            st.execute(statement);
        }
    }

    private Connection jdbc() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/vellum", "postgres", "");
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(postgresPort)
                .setServerConfig("max_connections", "50")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
