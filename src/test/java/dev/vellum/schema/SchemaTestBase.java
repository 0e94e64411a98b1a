package dev.vellum.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP calls with the secret key into a collection whose {@code schema} setting is written with
 * SQL (the management routes are another lane's), as README "Access rules" shows, then reloaded
 * as the notification would.
 */
abstract class SchemaTestBase extends IntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Products: a title, a price that is a number ≥ 0, stock an integer; nothing else at the top. */
    static final String PRODUCT = "{'type': 'object', 'required': ['title', 'price'], 'additionalProperties': false,"
            + " 'properties': {'title': {'type': 'string'}, 'price': {'type': 'number', 'minimum': 0},"
            + " 'stock': {'type': 'integer', 'maximum': 10}, 'tags': {'type': 'array', 'items': {'type': 'string'}, 'maxItems': 2},"
            + " 'at': {'type': 'string'}}}";

    @Autowired
    ApiKeyStore apiKeys;
    @Autowired
    DatabaseClient db;
    @Autowired
    CollectionSchemas schemas;
    @Autowired
    dev.vellum.access.CollectionAccess access;

    long projectId;
    String c;

    record Reply(int status, JsonNode body) {
        String code() {
            return body != null && body.has("error") ? body.at("/error/code").asString() : "";
        }

        List<String> pointers() {
            List<String> pointers = new ArrayList<>();
            body.at("/error/details/pointers").forEach(p -> pointers.add(p.asString()));
            return pointers;
        }
    }

    @BeforeEach
    void collection() {
        projectId = apiKeys.find(PUBLIC_KEY).block().projectId();
        c = freshCollection();
    }

    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /**
     * Sets (or with null removes) the collection's schema with SQL, then waits until the
     * notification has brought this very schema into the cache (a reload of our own, beside the
     * notifications' ordered ones, could finish after and be overwritten by an older read).
     */
    void setSchema(String collection, String schema) {
        String sql = schema == null
                ? "update collections set settings = settings - 'schema' where project_id = $1 and name = $2"
                : "insert into collections (project_id, name, settings) values ($1, $2, jsonb_build_object('schema', $3::jsonb))"
                        + " on conflict (project_id, name) do update set settings = collections.settings || excluded.settings";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind(0, projectId).bind(1, collection);
        if (schema != null) {
            spec = spec.bind(2, json(schema));
        }
        spec.fetch().rowsUpdated().block();
        JsonNode expected = schema == null ? null : parse(schema);
        Flux.interval(Duration.ZERO, Duration.ofMillis(20))
                .map(tick -> schemas.of(projectId, collection).map(DocumentSchema::source).map(JSON::readTree))
                .filter(cached -> expected == null ? cached.isEmpty() : cached.filter(expected::equals).isPresent())
                .next()
                .timeout(Duration.ofSeconds(30))
                .block();
    }

    Reply call(HttpMethod method, String uri, String body, String... headers) {
        return callAs(null, method, uri, body, headers);
    }

    /** As the user of {@code token} (with the public key), or the secret key when null. */
    Reply callAs(String token, HttpMethod method, String uri, String body, String... headers) {
        WebTestClient.RequestBodySpec request = http.method(method).uri(uri).header("X-Api-Key", token == null ? SECRET_KEY : PUBLIC_KEY);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request = request.header(headers[i], headers[i + 1]);
        }
        WebTestClient.ResponseSpec response = body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(json(body).getBytes(StandardCharsets.UTF_8)).exchange();
        var result = response.expectBody().returnResult();
        byte[] bytes = result.getResponseBody();
        String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        return new Reply(result.getStatus().value(), text.isBlank() ? null : JSON.readTree(text));
    }

    Reply datastore(String body) {
        return call(HttpMethod.POST, "/v1/datastore", body);
    }

    /** Asserts a 400 VALIDATION_ERROR naming exactly these pointers. */
    static void assertRefused(Reply reply, String... pointers) {
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.pointers()).as("%s", reply.body()).containsExactly(pointers);
    }

    /** The stored body of a document as the KV API shows it (its user fields). */
    JsonNode kvContent(String collection, String key) {
        Reply reply = call(HttpMethod.GET, "/v1/kv/" + collection + "/" + key, null);
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
        return reply.body().get("content");
    }

    /** Every live document's user fields, by a find with the secret key, newest first; none when the collection does not exist. */
    List<JsonNode> all(String collection) {
        Reply reply = datastore("{'op': 'collection.find', 'collection': '" + collection + "', 'limit': 1000}");
        List<JsonNode> docs = new ArrayList<>();
        if (reply.status() == 404 && reply.code().equals("COLLECTION_NOT_FOUND")) {
            return docs;
        }
        reply.body().get("data").forEach(doc -> {
            var copy = JSON.createObjectNode();
            doc.properties().forEach(e -> {
                if (!e.getKey().startsWith("_")) {
                    copy.set(e.getKey(), e.getValue());
                }
            });
            docs.add(copy);
        });
        return docs;
    }

    static JsonNode parse(String singleQuoted) {
        return JSON.readTree(json(singleQuoted));
    }
}
