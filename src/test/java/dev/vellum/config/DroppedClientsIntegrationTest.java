package dev.vellum.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.api.ErrorResponses;
import dev.vellum.support.DroppingClient;
import dev.vellum.support.LogCapture;
import dev.vellum.support.IntegrationTest;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clients that hang up with requests in flight, on every path that opens a transaction: no
 * connection is left inside a transaction, every write a client saw acknowledged is committed,
 * nothing stays locked, and later requests succeed. Checked through a connection of its own,
 * outside Vellum's pool (a connection stuck in a transaction would see its own uncommitted rows).
 */
class DroppedClientsIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> SECRET = Map.of("X-Api-Key", SECRET_KEY);
    private static final int THREADS = 32;
    private static final int REQUESTS_PER_THREAD = 40;

    @Autowired
    private Environment environment;

    /** A write some client saw succeed, and the query (on a fresh connection) that must find it. */
    private record Acknowledged(String what, String sql, String bind) {
    }

    private final ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicInteger dropped = new AtomicInteger();
    /** Requests that got no answer in time: the service stopped answering (today's failure). */
    private final AtomicInteger unanswered = new AtomicInteger();
    private final String singles = freshCollection();
    private final String bulks = freshCollection();
    private final String keyed = freshCollection();
    private final String transactional = freshCollection();
    private final String counters = freshCollection();
    private final String kv = freshCollection();
    private final String run = freshCollection();

    @Test
    void clients_that_hang_up_mid_request_leave_no_transaction_open_and_lose_no_acknowledged_write() throws Exception {
        DroppingClient client = new DroppingClient(port);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            JsonNode user = JSON.readTree(client.send("POST", "/v1/users", SECRET,
                    "{\"email\": \"" + freshEmail() + "\", \"password\": \"long enough password\"}").body());
            users.add(user.get("id").asString());
        }

        LogCapture errors = LogCapture.of(ErrorResponses.class);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger sequence = new AtomicInteger();
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            work.add(pool.submit(() -> {
                for (int r = 0; r < REQUESTS_PER_THREAD && unanswered.get() == 0; r++) {
                    int n = sequence.incrementAndGet();
                    send(client, n, users);
                }
                return null;
            }));
        }
        for (var future : work) {
            future.get(150, TimeUnit.SECONDS);
        }
        pool.shutdown();
        errors.close();
        assertThat(errors.lines()).as("a client that hangs up is not an internal error").isEmpty();
        assertThat(unanswered.get()).as("requests the service never answered").isZero();

        Connection check = freshConnection();
        try {
            assertThat(dropped.get()).as("requests dropped mid-flight").isGreaterThan(100);
            assertThat(acknowledged).as("writes acknowledged").hasSizeGreaterThan(100);
            awaitNoSessionInTransaction(check);
            for (Acknowledged write : acknowledged) {
                assertThat(count(check, write.sql(), write.bind())).as(write.what() + " " + write.bind()).isEqualTo(1L);
            }
            assertNothingLocked(check);
        } finally {
            Mono.from(check.close()).block();
        }
        // every path still answers
        for (int n = 1; n <= 20; n++) {
            DroppingClient.Answer answer = request(client, -n, users);
            assertThat(answer.status()).as(answer.body()).isBetween(200, 299);
        }
    }

    /** Sends request {@code n}: most are dropped after a random pause, the rest read to the end. */
    private void send(DroppingClient client, int n, List<String> users) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextInt(10) < 7) {
            Request request = build(n, users);
            client.sendAndDrop(request.method(), request.path(), request.headers(), request.body(),
                    random.nextLong(6_000_000));
            dropped.incrementAndGet();
            return;
        }
        DroppingClient.Answer answer;
        try {
            answer = request(client, n, users);
        } catch (SocketTimeoutException e) {
            unanswered.incrementAndGet();
            return;
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            record(n, JSON.readTree(answer.body()));
        }
    }

    private DroppingClient.Answer request(DroppingClient client, int n, List<String> users) throws Exception {
        Request request = build(n, users);
        return client.send(request.method(), request.path(), request.headers(), request.body());
    }

    private record Request(String method, String path, Map<String, String> headers, String body) {
    }

    /** Request {@code n} goes to one of the transactional paths, in turn. */
    private Request build(int n, List<String> users) {
        int m = Math.abs(n);
        return switch (m % 7) {
            case 0 -> new Request("POST", "/v1/datastore", SECRET,
                    "{\"op\": \"collection.insert\", \"collection\": \"" + singles + "\", \"data\": {\"n\": " + n + "}}");
            case 1 -> new Request("POST", "/v1/datastore", SECRET,
                    "{\"op\": \"collection.insert\", \"collection\": \"" + bulks + "\", \"data\": ["
                            + "{\"n\": " + n + ", \"i\": 1}, {\"n\": " + n + ", \"i\": 2}, {\"n\": " + n + ", \"i\": 3}]}");
            case 2 -> new Request("POST", "/v1/datastore",
                    Map.of("X-Api-Key", SECRET_KEY, "Idempotency-Key", run + "-" + n),
                    "{\"op\": \"collection.insert\", \"collection\": \"" + keyed + "\", \"data\": {\"n\": " + n + "}}");
            case 3 -> new Request("POST", "/v1/transactions", SECRET,
                    "{\"idempotency_key\": \"" + run + "-tx-" + n + "\", \"operations\": ["
                            + "{\"datastore\": {\"op\": \"collection.insert\", \"collection\": \"" + transactional
                            + "\", \"data\": {\"n\": " + n + "}}},"
                            + "{\"mutate_in\": {\"collection\": \"" + counters + "\", \"key\": \"w" + (m % 3)
                            + "\", \"store_semantics\": \"upsert\", \"specs\": [{\"op\": \"counter\", \"path\": \"c\", \"delta\": 1}]}}]}");
            case 4 -> new Request("POST", "/v1/kv/" + counters + "/m" + (m % 5) + "/mutate_in", SECRET,
                    "{\"store_semantics\": \"upsert\", \"specs\": [{\"op\": \"array_append\", \"path\": \"seen\", "
                            + "\"value\": " + n + ", \"create_parents\": true}]}");
            case 5 -> new Request("PUT", "/v1/kv/" + kv + "/" + run + "k" + n + "?durability=majority", SECRET, "{\"n\": " + n + "}");
            default -> new Request("POST", "/v1/users/" + users.get(m % users.size()) + "/relationships/r" + m,
                    SECRET, "{\"user_id\": \"" + users.get((m + 1) % users.size()) + "\", \"bidirectional\": true}");
        };
    }

    /** What the database must hold for acknowledged request {@code n}. */
    private void record(int n, JsonNode body) {
        int m = Math.abs(n);
        String documents = "select count(*) from documents where collection = $1 and body @> ";
        switch (m % 7) {
            case 0 -> ack("single insert", documents + "jsonb_build_object('n', " + n + ")", singles);
            case 1 -> ack("bulk insert", documents + "jsonb_build_object('n', " + n + ", 'i', 3)", bulks);
            case 2 -> ack("Idempotency-Key insert", documents + "jsonb_build_object('n', " + n + ")", keyed);
            case 3 -> {
                assertThat(body.get("ok").asBoolean()).as(body.toString()).isTrue();
                ack("transaction", documents + "jsonb_build_object('n', " + n + ")", transactional);
            }
            case 4 -> ack("mutate_in", documents + "jsonb_build_object('seen', jsonb_build_array(" + n + "))", counters);
            case 5 -> ack("kv upsert", "select count(*) from documents where key = $1", run + "k" + n);
            default -> ack("relationship", "select count(*) from (select 1 from app_users where data ? $1 limit 1) held",
                    "r" + m + "_ids");
        }
    }

    private void ack(String what, String sql, String bind) {
        acknowledged.add(new Acknowledged(what, sql, bind));
    }

    private Connection freshConnection() {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(environment.getProperty("spring.r2dbc.url"))
                .mutate()
                .option(ConnectionFactoryOptions.USER, environment.getProperty("spring.r2dbc.username"))
                .option(ConnectionFactoryOptions.PASSWORD, environment.getProperty("spring.r2dbc.password", ""))
                .build();
        return Mono.from(ConnectionFactories.get(options).create()).block(Duration.ofSeconds(30));
    }

    private static long count(Connection connection, String sql, String bind) {
        return Flux.from(connection.createStatement(sql).bind(0, bind).execute())
                .flatMap(result -> result.map((row, meta) -> row.get(0, Long.class)))
                .blockLast(Duration.ofSeconds(30));
    }

    /** Sessions may be mid-request for a moment after the storm; none may stay in a transaction. */
    private static void awaitNoSessionInTransaction(Connection connection) throws InterruptedException {
        String sql = "select count(*) from pg_stat_activity where datname = current_database()"
                + " and pid <> pg_backend_pid() and state like 'idle in transaction%' and $1 <> ''";
        long open = -1;
        for (int attempt = 0; attempt < 100 && open != 0; attempt++) {
            Thread.sleep(200);
            open = count(connection, sql, "x");
        }
        assertThat(open).as("Vellum sessions left idle in a transaction").isZero();
    }

    /** Every touched row can be locked at once (no one still holds a row lock). */
    private void assertNothingLocked(Connection connection) {
        Flux.from(connection.beginTransaction())
                .thenMany(connection.createStatement("set local lock_timeout = '5s'").execute())
                .flatMap(result -> result.getRowsUpdated())
                .thenMany(connection.createStatement("select key from documents where collection in ($1, $2, $3, $4, $5, $6)"
                                + " for update")
                        .bind(0, singles).bind(1, bulks).bind(2, keyed).bind(3, transactional).bind(4, counters).bind(5, kv)
                        .execute())
                .flatMap(result -> result.map((row, meta) -> row.get(0, String.class)))
                .then(Mono.from(connection.rollbackTransaction()))
                .block(Duration.ofSeconds(30));
    }
}
