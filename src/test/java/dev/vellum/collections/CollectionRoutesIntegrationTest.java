package dev.vellum.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The management routes of issue 15: /v1/collections and /v1/collections/{c}, secret key only. */
class CollectionRoutesIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Autowired
    private ApiKeyStore apiKeys;

    record Reply(int status, JsonNode body) {
        String code() {
            return body.at("/error/code").asString();
        }
    }

    /** One connection per request, as in UserAdminIntegrationTest (reactor/reactor-netty#4361). */
    @BeforeEach
    void unpooledConnections() {
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void create_get_patch_delete_a_collection_with_settings() {
        String c = freshCollection();
        Reply created = call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null,
                "{\"name\": \"" + c + "\", \"webhook_url\": \"https://hooks.example.com/x\", \"references\": {\"author\": \"people\"},"
                        + " \"access\": {\"read\": [{\"who\": \"public\"}]}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("name").asString()).isEqualTo(c);
        assertThat(created.body().get("settings")).isEqualTo(JSON.readTree("{\"webhook_url\": \"https://hooks.example.com/x\","
                + " \"references\": {\"author\": \"people\"}, \"access\": {\"read\": [{\"who\": \"public\"}]}}"));
        assertThat(created.body().get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(created.body().get("updated_at").asString()).isEqualTo(created.body().get("created_at").asString());

        Reply got = call(HttpMethod.GET, "/v1/collections/" + c, SECRET_KEY, null, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(created.body());

        // merge: webhook_events added, references replaced, access removed by null, webhook_url kept
        Reply patched = call(HttpMethod.PATCH, "/v1/collections/" + c, SECRET_KEY, null,
                "{\"webhook_events\": [\"created\"], \"references\": {\"editor\": \"people\"}, \"access\": null}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("settings")).isEqualTo(JSON.readTree("{\"webhook_url\": \"https://hooks.example.com/x\","
                + " \"references\": {\"editor\": \"people\"}, \"webhook_events\": [\"created\"]}"));
        assertThat(patched.body().get("created_at")).isEqualTo(created.body().get("created_at"));
        assertThat(patched.body().get("updated_at").asString()).isGreaterThanOrEqualTo(created.body().get("updated_at").asString());
        assertThat(call(HttpMethod.GET, "/v1/collections/" + c, SECRET_KEY, null, null).body()).isEqualTo(patched.body());

        Reply deleted = call(HttpMethod.DELETE, "/v1/collections/" + c, SECRET_KEY, null, null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo(JSON.readTree("{\"deleted\": true}"));
        assertThat(call(HttpMethod.GET, "/v1/collections/" + c, SECRET_KEY, null, null).code()).isEqualTo("COLLECTION_NOT_FOUND");
    }

    @Test
    void the_list_is_sorted_by_name_and_paginated() {
        String prefix = freshCollection();
        for (String suffix : List.of("_b", "_c", "_a")) {
            assertThat(call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null, "{\"name\": \"" + prefix + suffix + "\"}").status())
                    .isEqualTo(201);
        }
        List<String> names = new ArrayList<>();
        long total = -1;
        for (int offset = 0; ; offset += 2) {
            Reply page = call(HttpMethod.GET, "/v1/collections?limit=2&offset=" + offset, SECRET_KEY, null, null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("data").size()).isLessThanOrEqualTo(2);
            total = page.body().get("total").asLong();
            assertThat(page.body().get("count_estimated").asBoolean()).isFalse();
            page.body().get("data").forEach(item -> names.add(item.get("name").asString()));
            if (!page.body().get("has_more").asBoolean()) {
                break;
            }
        }
        assertThat(names).hasSize((int) total).isSorted().doesNotHaveDuplicates();
        assertThat(names.stream().filter(n -> n.startsWith(prefix)).toList())
                .containsExactly(prefix + "_a", prefix + "_b", prefix + "_c");
        Reply first = call(HttpMethod.GET, "/v1/collections", SECRET_KEY, null, null);
        assertThat(first.body().get("data").size()).isEqualTo(Math.min(10, (int) total));
        JsonNode one = first.body().get("data").get(0);
        assertThat(one.has("name") && one.has("created_at") && one.has("updated_at") && one.get("settings").isObject()).isTrue();
        assertThat(call(HttpMethod.GET, "/v1/collections?limit=0", SECRET_KEY, null, null).code()).isEqualTo("VALIDATION_ERROR");
        assertThat(call(HttpMethod.GET, "/v1/collections?limit=1001", SECRET_KEY, null, null).code()).isEqualTo("VALIDATION_ERROR");
        assertThat(call(HttpMethod.GET, "/v1/collections?sort=name", SECRET_KEY, null, null).code()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void a_user_token_is_forbidden_on_every_route_and_changes_nothing() {
        String c = freshCollection();
        call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null, "{\"name\": \"" + c + "\"}");
        String token = userToken(projectId(), "u_" + c);
        for (String key : List.of(PUBLIC_KEY, SECRET_KEY)) {
            assertThat(call(HttpMethod.GET, "/v1/collections", key, token, null).status()).isEqualTo(403);
            assertThat(call(HttpMethod.GET, "/v1/collections/" + c, key, token, null).status()).isEqualTo(403);
            assertThat(call(HttpMethod.POST, "/v1/collections", key, token, "{\"name\": \"" + c + "_new\"}").code())
                    .isEqualTo("FORBIDDEN");
            assertThat(call(HttpMethod.PATCH, "/v1/collections/" + c, key, token, "{\"references\": {\"a\": \"b\"}}").status())
                    .isEqualTo(403);
            assertThat(call(HttpMethod.DELETE, "/v1/collections/" + c, key, token, null).status()).isEqualTo(403);
        }
        assertThat(call(HttpMethod.GET, "/v1/collections", PUBLIC_KEY, null, null).status()).isEqualTo(401);
        assertThat(call(HttpMethod.GET, "/v1/collections", null, null, null).status()).isEqualTo(401);
        Reply still = call(HttpMethod.GET, "/v1/collections/" + c, SECRET_KEY, null, null);
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.body().get("settings")).isEqualTo(JSON.readTree("{}"));
        assertThat(call(HttpMethod.GET, "/v1/collections/" + c + "_new", SECRET_KEY, null, null).status()).isEqualTo(404);
    }

    @Test
    void missing_taken_and_invalid_names_and_settings_are_refused() {
        String c = freshCollection();
        assertThat(call(HttpMethod.GET, "/v1/collections/" + c, SECRET_KEY, null, null).code()).isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(call(HttpMethod.PATCH, "/v1/collections/" + c, SECRET_KEY, null, "{}").code()).isEqualTo("COLLECTION_NOT_FOUND");
        Reply missing = call(HttpMethod.DELETE, "/v1/collections/" + c, SECRET_KEY, null, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("COLLECTION_NOT_FOUND");

        assertThat(call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null, "{\"name\": \"" + c + "\"}").status()).isEqualTo(201);
        Reply taken = call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null, "{\"name\": \"" + c + "\", \"references\": {}}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("CONFLICT");

        assertThat(call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null, "{\"name\": \"Bad-Name\"}").code())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null, "{\"name\": \"a~1\"}").code())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null, "{\"references\": {}}").code())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null, "[]").code()).isEqualTo("VALIDATION_ERROR");

        String other = freshCollection();
        Reply unknown = call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null, "{\"name\": \"" + other + "\", \"colour\": 1}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(unknown.body().at("/error/details/field").asString()).isEqualTo("colour");
        assertThat(unknown.body().at("/error/message").asString()).contains("colour");
        Reply unknownPatch = call(HttpMethod.PATCH, "/v1/collections/" + c, SECRET_KEY, null, "{\"colour\": null}");
        assertThat(unknownPatch.body().at("/error/details/field").asString()).isEqualTo("colour");

        for (String bad : List.of("\"ftp://example.com/x\"", "\"/relative\"", "\"https://user:pw@example.com/\"", "42")) {
            Reply refused = call(HttpMethod.POST, "/v1/collections", SECRET_KEY, null,
                    "{\"name\": \"" + other + "\", \"webhook_url\": " + bad + "}");
            assertThat(refused.code()).as(bad).isEqualTo("VALIDATION_ERROR");
            assertThat(refused.body().at("/error/details/field").asString()).isEqualTo("webhook_url");
        }
        assertThat(call(HttpMethod.PATCH, "/v1/collections/" + c, SECRET_KEY, null, "{\"webhook_events\": [\"nope\"]}")
                .body().at("/error/details/field").asString()).isEqualTo("webhook_events");
        assertThat(call(HttpMethod.PATCH, "/v1/collections/" + c, SECRET_KEY, null, "{\"access\": {\"read\": \"everyone\"}}")
                .code()).isEqualTo("VALIDATION_ERROR");
        assertThat(call(HttpMethod.PATCH, "/v1/collections/" + c, SECRET_KEY, null, "{\"references\": {\"author\": 3}}")
                .body().at("/error/details/field").asString()).isEqualTo("references");
        assertThat(call(HttpMethod.PATCH, "/v1/collections/" + c, SECRET_KEY, null, "{\"indexes\": \"all\"}").code())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(call(HttpMethod.PATCH, "/v1/collections/" + c, SECRET_KEY, null, "{\"name\": \"x\"}").code())
                .isEqualTo("VALIDATION_ERROR");
        // nothing refused was stored
        assertThat(call(HttpMethod.GET, "/v1/collections/" + other, SECRET_KEY, null, null).status()).isEqualTo(404);
        assertThat(call(HttpMethod.GET, "/v1/collections/" + c, SECRET_KEY, null, null).body().get("settings"))
                .isEqualTo(JSON.readTree("{}"));
    }

    @Test
    void a_write_creates_a_missing_collection_with_default_settings_and_the_documents_routes_still_answer() {
        String c = freshCollection();
        Reply doc = call(HttpMethod.POST, "/v1/collections/" + c + "/documents", SECRET_KEY, null, "{\"n\": 1}");
        assertThat(doc.status()).isEqualTo(201);
        Reply created = call(HttpMethod.GET, "/v1/collections/" + c, SECRET_KEY, null, null);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().get("settings")).isEqualTo(JSON.readTree("{}"));
        String id = doc.body().get("id").asString();
        assertThat(call(HttpMethod.GET, "/v1/collections/" + c + "/documents/" + id, SECRET_KEY, null, null).body().get("n").asInt())
                .isEqualTo(1);
        assertThat(call(HttpMethod.GET, "/v1/collections/" + c + "/count", SECRET_KEY, null, null).body().get("count").asLong())
                .isEqualTo(1);
        assertThat(call(HttpMethod.GET, "/v1/collections/" + c + "/documents", SECRET_KEY, null, null).body().get("data").size())
                .isEqualTo(1);
    }

    private Reply call(HttpMethod method, String uri, String key, String token, String body) {
        WebTestClient.RequestBodySpec spec = http.method(method).uri(uri);
        if (key != null) {
            spec.header("X-Api-Key", key);
        }
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        var result = ready.exchange().expectBody(String.class).returnResult();
        String raw = result.getResponseBody();
        return new Reply(result.getStatus().value(), raw == null || raw.isEmpty() ? JSON.createObjectNode() : JSON.readTree(raw));
    }

    private long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }
}
