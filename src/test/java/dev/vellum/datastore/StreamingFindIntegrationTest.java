package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.TokenService;
import dev.vellum.docstore.DocumentReadSql;
import dev.vellum.docstore.Scope;
import dev.vellum.query.MatchParser;
import dev.vellum.query.SortParser;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.LineCounter;
import dev.vellum.support.Ops;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code collection.find} with {@code Accept: application/x-ndjson}: the same documents as a
 * find, one per line, read from a database cursor that a slow or departed client holds back.
 */
class StreamingFindIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final int LARGE = 20_000;
    private static final int BATCH = 1000;
    /** About 0.9 KB per document: the large collection is ~18 MB, well past the socket buffers. */
    private static final String PADDING = "x".repeat(800);
    /** What a secret-key stream of the whole collection sends to Postgres (values are parameters). */
    private static final String STREAM_SQL = DocumentReadSql.stream(new Scope(0, "any", null), MatchParser.parse(JSON.readTree("{}")),
            SortParser.DEFAULT, null, 0, null).text();

    private static String large;

    @Autowired
    TokenService tokens;
    @Autowired
    ApiKeyStore keys;
    @Autowired
    DatabaseClient db;

    @BeforeEach
    void roomForLongBodies() {
        http = http.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build();
    }

    @Test
    void streamed_lines_are_the_documents_a_find_returns_in_order_with_projection_and_lookup() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String people = freshCollection();
        String posts = freshCollection();
        List<JsonNode> authors = ops.insert(people, List.of(Map.of("name", "ann"), Map.of("name", "bob"), Map.of("name", "cat")));
        // More posts than one lookup window, so lookups run over several windows.
        for (int batch = 0; batch < 2; batch++) {
            List<Map<String, Object>> data = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                int n = batch * 600 + i;
                data.add(Map.of("n", n, "price", new BigDecimal("3.14159265358979323846"), "author",
                        authors.get(n % 3).get("_key").asString(), "skip", "me"));
            }
            ops.insert(posts, data);
        }
        Map<String, Object> find = op("collection.find", posts, "sort", "n desc", "match", Map.of("n:$gte", 100),
                "project", Map.of("skip", 0), "lookup", Map.of("author", people));

        List<JsonNode> streamed = lines(stream(SECRET_KEY, null, find));

        List<JsonNode> pages = new ArrayList<>();
        pages.addAll(data(ops.ok(with(find, "limit", 1000, "offset", 0))));
        pages.addAll(data(ops.ok(with(find, "limit", 1000, "offset", 1000))));
        assertThat(streamed).hasSize(1100).isEqualTo(pages);
        assertThat(streamed.get(0).get("n").asInt()).isEqualTo(1199);
        assertThat(streamed.get(0).has("skip")).isFalse();
        assertThat(streamed.get(0).get("author")).isEqualTo(authors.get(1199 % 3));

        List<JsonNode> page = lines(stream(SECRET_KEY, null, with(find, "limit", 5, "offset", 7)));
        assertThat(page).isEqualTo(data(ops.ok(with(find, "limit", 5, "offset", 7))));
    }

    @Test
    void each_line_is_one_compact_document_and_there_is_no_meta() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String c = freshCollection();
        ops.insert(c, List.of(Map.of("a", 1, "nested", Map.of("b", List.of(1, 2))), Map.of("a", 2)));
        WebTestClient.ResponseSpec response = stream(SECRET_KEY, null, op("collection.find", c, "sort", "a asc"));
        response.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON);
        String body = response.expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).endsWith("\n");
        String[] lines = body.split("\n");
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(line).isEqualTo(JSON.writeValueAsString(JSON.readTree(line)));
            assertThat(JSON.readTree(line).has("meta")).isFalse();
        }
        assertThat(JSON.readTree(lines[0]).get("a").asInt()).isEqualTo(1);
    }

    @Test
    void a_user_token_streams_only_its_own_documents() {
        long projectId = keys.find(PUBLIC_KEY).block().projectId();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String tokenA = userToken(projectId, "stream_a_" + suffix);
        String tokenB = userToken(projectId, "stream_b_" + suffix);
        String c = freshCollection();
        String refs = freshCollection();
        List<JsonNode> aDocs = new Ops(http, PUBLIC_KEY, tokenA).insert(c, List.of(Map.of("n", 1), Map.of("n", 2)));
        List<JsonNode> bDocs = new Ops(http, PUBLIC_KEY, tokenB).insert(c, List.of(Map.of("n", 3)));
        new Ops(http, SECRET_KEY, null).insert(c, List.of(Map.of("n", 4)));
        // A's reference to B's document resolves to null under A's scope.
        new Ops(http, PUBLIC_KEY, tokenA).insert(refs, List.of(Map.of("to", bDocs.get(0).get("_key").asString())));

        Map<String, Object> find = op("collection.find", c, "sort", "n asc");
        assertThat(lines(stream(PUBLIC_KEY, tokenA, find))).isEqualTo(aDocs);
        assertThat(lines(stream(PUBLIC_KEY, tokenB, find))).isEqualTo(bDocs);
        assertThat(lines(stream(SECRET_KEY, null, find))).extracting(doc -> doc.get("n").asInt()).containsExactly(1, 2, 3, 4);
        List<JsonNode> resolved = lines(stream(PUBLIC_KEY, tokenA, op("collection.find", refs, "lookup", Map.of("to", c))));
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).get("to").isNull()).isTrue();
        stream(PUBLIC_KEY, null, find).expectStatus().isUnauthorized();
    }

    @Test
    void errors_before_the_first_line_are_the_usual_json_errors_and_other_ops_answer_json() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String c = freshCollection();
        ops.insert(c, Map.of("n", 1));
        String missing = freshCollection();
        assertThat(streamError(op("collection.find", missing), 404).get("code").asString()).isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(streamError(op("collection.find", c, "lookup", Map.of("n", missing)), 404).at("/details/collection").asString())
                .isEqualTo(missing);
        assertThat(streamError(op("collection.find", c, "limit", 0), 400).get("code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(streamError(op("collection.find", c, "match", Map.of("n:$bogus", 1)), 400).get("code").asString())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(streamError(op("collection.nope", c), 400).at("/details/field").asString()).isEqualTo("op");

        JsonNode count = JSON.readTree(stream(SECRET_KEY, null, op("collection.count", c))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(count.at("/data/count").asInt()).isEqualTo(1);
        JsonNode preferJson = JSON.readTree(http.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY)
                .header("Accept", "application/x-ndjson;q=0.5, application/json")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(op("collection.find", c)))
                .exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(preferJson.at("/meta/pagination/size").asInt()).isEqualTo(1);
    }

    @Test
    void the_openapi_description_lists_the_ndjson_answer() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/v1/datastore'].post.responses['200'].content['application/x-ndjson']").exists()
                .jsonPath("$.paths['/v1/datastore'].post.responses['200'].content['application/json']").exists();
    }

    @Test
    void a_large_collection_streams_every_document_once() {
        String c = largeCollection();
        AtomicInteger lines = new AtomicInteger();
        HashSet<String> keysSeen = new HashSet<>();
        client().post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY).accept(MediaType.APPLICATION_NDJSON)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(op("collection.find", c)))
                .retrieve().bodyToFlux(String.class)
                .doOnNext(line -> {
                    lines.incrementAndGet();
                    keysSeen.add(JSON.readTree(line).get("_key").asString());
                })
                .blockLast(Duration.ofMinutes(2));
        assertThat(lines.get()).isEqualTo(LARGE);
        assertThat(keysSeen).hasSize(LARGE);
        assertThat(activeStreams()).isZero();
    }

    @Test
    void a_stalled_client_holds_the_query_open_with_only_part_of_the_rows_delivered() {
        String c = largeCollection();
        LineCounter counter = new LineCounter(1000);
        rawStream(c).subscribe(counter);
        await(() -> counter.lines.get() >= 1000, "the first 1000 lines");
        int delivered = counter.lines.get();

        // The client reads nothing more: the server must be waiting on it, query still open.
        for (int check = 0; check < 5; check++) {
            pause(200);
            assertThat(activeStreams()).as("the stream's query is still running").isEqualTo(1);
        }
        assertThat(counter.lines.get()).isLessThan(LARGE / 2);
        assertThat(counter.lines.get() - delivered).as("nothing more arrived while the client read nothing").isLessThan(LARGE / 4);

        counter.resume();
        await(counter.done::get, "the rest of the stream");
        assertThat(counter.lines.get()).isEqualTo(LARGE);
        await(() -> activeStreams() == 0, "the query to end");
    }

    @Test
    void a_client_that_leaves_after_a_few_lines_leaves_no_query_running() {
        String c = largeCollection();
        LineCounter counter = new LineCounter(5);
        rawStream(c).subscribe(counter);
        await(() -> counter.lines.get() >= 5, "the first lines");
        assertThat(activeStreams()).as("the query is running while the client holds the stream").isEqualTo(1);
        counter.dispose();
        await(() -> activeStreams() == 0, "the cancelled stream's query to end");
        // The connection went back to the pool in a usable state.
        assertThat(new Ops(http, SECRET_KEY, null).ok(op("collection.count", c)).at("/data/count").asInt()).isEqualTo(LARGE);
    }

    private Flux<DataBuffer> rawStream(String collection) {
        return client().post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY).accept(MediaType.APPLICATION_NDJSON)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(op("collection.find", collection)))
                .retrieve().bodyToFlux(DataBuffer.class);
    }

    private WebClient client() {
        return WebClient.create("http://127.0.0.1:" + port);
    }

    /** Backends running a secret-key stream of a whole collection right now. */
    private long activeStreams() {
        // a stream reads from a cursor in its own transaction: open while the backend is in it
        return db.sql("select count(*) as n from pg_stat_activity where state in ('active', 'idle in transaction')"
                        + " and pid <> pg_backend_pid() and (query = $1 or query like 'fetch % from vellum_stream')")
                .bind(0, "declare vellum_stream no scroll cursor for " + STREAM_SQL)
                .map((row, meta) -> row.get("n", Long.class))
                .one()
                .block();
    }

    /** The shared 20 000-document collection, inserted once through the API in batches of 1000. */
    private String largeCollection() {
        synchronized (StreamingFindIntegrationTest.class) {
            if (large == null) {
                Ops ops = new Ops(http, SECRET_KEY, null);
                String c = freshCollection();
                for (int batch = 0; batch < LARGE / BATCH; batch++) {
                    List<Map<String, Object>> data = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        data.add(Map.of("n", batch * BATCH + i, "pad", PADDING));
                    }
                    ops.send(op("collection.insert", c, "data", data)).expectStatus().isOk();
                }
                large = c;
            }
            return large;
        }
    }

    private WebTestClient.ResponseSpec stream(String apiKey, String token, Map<String, Object> body) {
        WebTestClient.RequestBodySpec request = http.post().uri("/v1/datastore").header("X-Api-Key", apiKey)
                .accept(MediaType.APPLICATION_NDJSON).contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.bodyValue(JSON.writeValueAsString(body)).exchange();
    }

    private JsonNode streamError(Map<String, Object> body, int status) {
        byte[] bytes = stream(SECRET_KEY, null, body).expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(bytes).get("error");
    }

    private static List<JsonNode> lines(WebTestClient.ResponseSpec response) {
        String body = response.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        List<JsonNode> docs = new ArrayList<>();
        if (body != null) {
            body.lines().forEach(line -> docs.add(JSON.readTree(line)));
        }
        return docs;
    }

    private static List<JsonNode> data(JsonNode response) {
        List<JsonNode> docs = new ArrayList<>();
        response.get("data").forEach(docs::add);
        return docs;
    }

    private static Map<String, Object> with(Map<String, Object> body, Object... pairs) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        for (int i = 0; i < pairs.length; i += 2) {
            copy.put((String) pairs[i], pairs[i + 1]);
        }
        return copy;
    }

    private static void await(BooleanSupplier condition, String what) {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            pause(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
