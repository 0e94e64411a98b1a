package dev.vellum.bounds;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.BoundedIntegrationTest;
import dev.vellum.support.Ops;
import io.r2dbc.spi.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stream with {@code lookup} or {@code populate} resolves its references over its own
 * connection: with only one pool connection free, it still answers every line, resolved. On the
 * old main it held that connection and waited for a second one that never came, so about 32
 * such streams stopped the whole service.
 */
class StreamConnectionsIntegrationTest extends BoundedIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** More than one lookup/populate window (500), so references are read between chunks. */
    private static final int POSTS = 700;

    @Test
    void a_datastore_stream_with_lookup_needs_no_second_connection() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String people = freshCollection();
        String posts = freshCollection();
        String author = ops.insert(people, List.of(Map.of("name", "ann"))).get(0).get("_key").asString();
        insertPosts(ops, posts, "author", author);

        List<JsonNode> lines = withOneFreeConnection(() -> lines(http.post().uri("/v1/datastore")
                .header("X-Api-Key", SECRET_KEY).accept(MediaType.APPLICATION_NDJSON)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(op("collection.find", posts, "lookup", Map.of("author", people))))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()));
        assertThat(lines).hasSize(POSTS);
        lines.forEach(line -> assertThat(line.at("/author/name").asString()).isEqualTo("ann"));
    }

    @Test
    void a_documents_stream_with_populate_needs_no_second_connection() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String people = freshCollection();
        String posts = freshCollection();
        String author = ops.insert(people, List.of(Map.of("name", "bob"))).get(0).get("_key").asString();
        insertPosts(ops, posts, "writer", author);

        List<JsonNode> lines = withOneFreeConnection(() -> lines(http.get()
                .uri("/v1/collections/{c}/documents?populate=writer:{p}", posts, people)
                .header("X-Api-Key", SECRET_KEY).accept(MediaType.APPLICATION_NDJSON)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()));
        assertThat(lines).hasSize(POSTS);
        lines.forEach(line -> assertThat(line.at("/writer/name").asString()).isEqualTo("bob"));
    }

    private static void insertPosts(Ops ops, String posts, String field, String author) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int n = 0; n < POSTS; n++) {
            batch.add(Map.of("n", n, field, author));
        }
        ops.insert(posts, batch);
    }

    /** Runs {@code request} while every pool connection but one is taken. */
    private <T> T withOneFreeConnection(Supplier<T> request) {
        await(() -> poolMetrics().acquiredSize() == 0, "an idle pool");
        List<Connection> held = new ArrayList<>();
        try {
            while (held.size() < POOL_SIZE - 1) {
                held.add(Mono.from(connectionFactory.create()).block(GENEROUS));
            }
            return request.get();
        } finally {
            held.forEach(connection -> Mono.from(connection.close()).block(GENEROUS));
        }
    }

    private static List<JsonNode> lines(String body) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
