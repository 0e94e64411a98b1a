package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import dev.vellum.support.LineCounter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/** {@code GET .../documents} with {@code Accept: application/x-ndjson}: every match, one per line, from a cursor. */
class DocumentStreamingIntegrationTest extends DocumentsTestBase {

    private static final String PADDING = "x".repeat(800);

    @Autowired
    DatabaseClient db;

    @Test
    void streamed_lines_are_every_match_in_query_order_with_select_and_populate() {
        DocsClient service = service();
        String people = freshCollection();
        String ada = service.create(people, "{\"name\": \"Ada\"}").get("id").asString();
        String c = freshCollection();
        insert(c, 1500, ada);
        String filters = "?n_gte=100&select=n,author&populate=author:" + people;
        List<JsonNode> streamed = lines(service, docs(c) + filters);
        List<JsonNode> paged = new ArrayList<>();
        paged.addAll(data(service.get(docs(c) + filters + "&limit=1000").body()));
        paged.addAll(data(service.get(docs(c) + filters + "&limit=1000&offset=1000").body()));
        assertThat(streamed).hasSize(1400).isEqualTo(paged);
        assertThat(streamed.get(0).at("/author/name").asString()).isEqualTo("Ada");
        assertThat(streamed.get(0).has("pad")).isFalse();
    }

    @Test
    void an_explicit_limit_and_offset_are_honoured() {
        DocsClient service = service();
        String c = freshCollection();
        insert(c, 30, "nobody");
        List<JsonNode> streamed = lines(service, docs(c) + "?sort=n&limit=5&offset=10");
        assertThat(streamed).extracting(doc -> doc.get("n").asInt()).containsExactly(10, 11, 12, 13, 14);
    }

    @Test
    void a_user_streams_only_its_own_documents_and_errors_stay_json() {
        DocsClient a = newUser();
        DocsClient b = newUser();
        String c = freshCollection();
        a.create(c, "{\"who\": \"a\"}");
        b.create(c, "{\"who\": \"b\"}");
        assertThat(lines(a, docs(c))).extracting(doc -> doc.get("who").asString()).containsExactly("a");
        http.get().uri(docs(freshCollection())).header("X-Api-Key", SECRET_KEY).accept(MediaType.APPLICATION_NDJSON)
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("COLLECTION_NOT_FOUND");
        http.get().uri(docs(c) + "?n_gt=x.y&bad..name=1").header("X-Api-Key", SECRET_KEY).accept(MediaType.APPLICATION_NDJSON)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.code").isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void a_stalled_client_holds_the_cursor_open_with_only_part_of_the_rows_delivered() {
        String c = freshCollection();
        insert(c, 20_000, "nobody");
        LineCounter counter = new LineCounter(1000);
        WebClient.create("http://127.0.0.1:" + port).get().uri(docs(c)).header("X-Api-Key", SECRET_KEY)
                .accept(MediaType.APPLICATION_NDJSON).retrieve().bodyToFlux(DataBuffer.class).subscribe(counter);
        await(() -> counter.lines.get() >= 1000);
        for (int check = 0; check < 5; check++) {
            sleep(200);
            assertThat(activeStreams()).as("the stream's query is still open").isEqualTo(1);
        }
        assertThat(counter.lines.get()).isLessThan(10_000);
        counter.resume();
        await(() -> counter.lines.get() == 20_000);
        await(() -> activeStreams() == 0);
    }

    private void insert(String collection, int count, String author) {
        for (int from = 0; from < count; from += 200) {
            StringBuilder batch = new StringBuilder("[");
            for (int n = from; n < Math.min(count, from + 200); n++) {
                batch.append(n == from ? "" : ",").append("{\"n\": ").append(n).append(", \"author\": \"").append(author)
                        .append("\", \"pad\": \"").append(PADDING).append("\"}");
            }
            assertThat(service().post(docs(collection), batch.append("]").toString()).status()).isEqualTo(201);
        }
    }

    private List<JsonNode> lines(DocsClient client, String uri) {
        var request = http.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 << 20)).build()
                .get().uri(uri).header("X-Api-Key", client.token == null ? SECRET_KEY : PUBLIC_KEY)
                .accept(MediaType.APPLICATION_NDJSON);
        if (client.token != null) {
            request = request.header("Authorization", "Bearer " + client.token);
        }
        var result = request.exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_NDJSON)
                .expectBody(String.class).returnResult();
        List<JsonNode> lines = new ArrayList<>();
        String body = result.getResponseBody();
        assertThat(body).endsWith("\n");
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(DocsClient.JSON.readTree(line));
            }
        }
        return lines;
    }

    private static List<JsonNode> data(JsonNode page) {
        List<JsonNode> docs = new ArrayList<>();
        page.get("data").forEach(docs::add);
        return docs;
    }

    /** Backends currently running a documents stream (a select without the page count). */
    private long activeStreams() {
        // a stream reads from a cursor in its own transaction: open while the backend is in it
        return db.sql("select count(*) as n from pg_stat_activity where state in ('active', 'idle in transaction')"
                        + " and pid <> pg_backend_pid()"
                        + " and (query like 'declare vellum_stream %' or query like 'fetch % from vellum_stream')")
                .map((row, meta) -> row.get("n", Long.class)).one().block();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            sleep(100);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
