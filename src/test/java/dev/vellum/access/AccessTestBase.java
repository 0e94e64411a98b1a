package dev.vellum.access;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cast of the access tests: two users (alice, bob), a moderator (role {@code moderator}), a
 * visitor (public key, no token) and the secret key; plain HTTP calls as any of them, and access
 * settings written with SQL (the management route is another lane's) then reloaded.
 */
abstract class AccessTestBase extends IntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApiKeyStore apiKeys;
    @Autowired
    DatabaseClient db;
    @Autowired
    CollectionAccess access;

    long projectId;
    Actor alice;
    Actor bob;
    Actor mod;
    Actor visitor;
    Actor secret;
    List<Actor> everyone;

    record Actor(String name, String apiKey, String token, String userId) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Reply(int status, JsonNode body, String text) {
        String code() {
            return body != null && body.has("error") ? body.at("/error/code").asString() : "";
        }
    }

    @BeforeEach
    void cast() {
        projectId = apiKeys.find(PUBLIC_KEY).block().projectId();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        alice = user("alice", "alice_" + suffix);
        bob = user("bob", "bob_" + suffix);
        mod = user("mod", "mod_" + suffix);
        db.sql("update app_users set roles = '[\"moderator\"]'::jsonb where project_id = $1 and id = $2")
                .bind(0, projectId).bind(1, mod.userId()).fetch().rowsUpdated().block();
        visitor = new Actor("visitor", PUBLIC_KEY, null, null);
        secret = new Actor("secret", SECRET_KEY, null, null);
        everyone = List.of(alice, bob, mod, visitor, secret);
    }

    private Actor user(String name, String id) {
        return new Actor(name, PUBLIC_KEY, userToken(projectId, id), id);
    }

    /** Sets (or with null removes) a collection's access setting with SQL, then reloads it as the notification would. */
    void setAccess(String collection, String accessJson) {
        String sql = accessJson == null
                ? "update collections set settings = settings - 'access' where project_id = $1 and name = $2"
                : "insert into collections (project_id, name, settings) values ($1, $2, jsonb_build_object('access', $3::jsonb))"
                        + " on conflict (project_id, name) do update set settings = collections.settings || excluded.settings";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind(0, projectId).bind(1, collection);
        if (accessJson != null) {
            spec = spec.bind(2, accessJson);
        }
        spec.fetch().rowsUpdated().block();
        access.reload(projectId, collection).block();
    }

    Reply call(Actor actor, HttpMethod method, String uri, String body, String... headers) {
        WebTestClient.RequestBodySpec request = http.method(method).uri(uri).header("X-Api-Key", actor.apiKey());
        if (actor.token() != null) {
            request = request.header("Authorization", "Bearer " + actor.token());
        }
        for (int i = 0; i < headers.length; i += 2) {
            request = request.header(headers[i], headers[i + 1]);
        }
        WebTestClient.ResponseSpec response = body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
        var result = response.expectBody().returnResult();
        byte[] bytes = result.getResponseBody();
        String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        JsonNode json = null;
        if (!text.isBlank() && !text.contains("\n{")) {
            json = JSON.readTree(text);
        }
        return new Reply(result.getStatus().value(), json, text);
    }

    Reply datastore(Actor actor, String op, String collection, Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("op", op);
        body.put("collection", collection);
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return call(actor, HttpMethod.POST, "/v1/datastore", JSON.writeValueAsString(body));
    }

    /** Inserts one document as {@code actor} (Datastore), answering its key. */
    String insert(Actor actor, String collection, Map<String, Object> doc) {
        Reply reply = datastore(actor, "collection.insert", collection, "data", doc);
        if (reply.status() != 200) {
            throw new AssertionError("insert as " + actor + " failed: " + reply);
        }
        return reply.body().at("/data/0/_key").asString();
    }

    /** Every live document of the collection as the secret key sees it, by key: what a refused call must leave alone. */
    Map<String, JsonNode> snapshot(String collection) {
        Reply reply = datastore(secret, "collection.find", collection, "limit", 1000);
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        reply.body().get("data").forEach(doc -> docs.put(doc.get("_key").asString(), doc));
        return docs;
    }

    static List<String> names(JsonNode docs) {
        List<String> names = new ArrayList<>();
        docs.forEach(doc -> {
            if (doc != null && !doc.isNull() && doc.has("name")) {
                names.add(doc.get("name").asString());
            }
        });
        return names;
    }
}
