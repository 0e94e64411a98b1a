package dev.vellum.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.documents.AsyncDb;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The collection methods of AsyncDb and the {@code collections}/{@code collection} types of fetch_all. */
class CollectionsAsyncDbIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Autowired
    private AsyncDbFactory dbs;
    @Autowired
    private ApiKeyStore apiKeys;

    @Test
    void the_secret_key_creates_reads_updates_lists_and_deletes_collections() {
        AsyncDb db = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
        String c = freshCollection();
        ObjectNode settings = JSON.createObjectNode();
        settings.putObject("references").put("author", "people");
        db.createCollection(c, settings).as(StepVerifier::create)
                .assertNext(created -> {
                    assertThat(created.get("name").asString()).isEqualTo(c);
                    assertThat(created.get("settings")).isEqualTo(settings);
                })
                .verifyComplete();
        db.createCollection(c, null).as(StepVerifier::create)
                .verifyErrorMatches(e -> e instanceof VellumException v && v.code() == ErrorCode.CONFLICT);
        db.getCollection(c).as(StepVerifier::create)
                .assertNext(found -> assertThat(found.get("settings")).isEqualTo(settings)).verifyComplete();

        ObjectNode patch = JSON.createObjectNode().put("webhook_url", "https://hooks.example.com/a");
        patch.putNull("references");
        db.updateCollection(c, patch).as(StepVerifier::create)
                .assertNext(updated -> assertThat(updated.get("settings"))
                        .isEqualTo(JSON.readTree("{\"webhook_url\": \"https://hooks.example.com/a\"}")))
                .verifyComplete();
        db.updateCollection(c, JSON.createObjectNode().put("colour", "red")).as(StepVerifier::create)
                .verifyErrorMatches(e -> e instanceof VellumException v && v.code() == ErrorCode.VALIDATION_ERROR
                        && "colour".equals(v.details().get("field")));

        db.getCollections().as(StepVerifier::create)
                .assertNext(page -> {
                    List<String> names = page.data().stream().map(item -> item.get("name").asString()).toList();
                    assertThat(names).contains(c).isSorted();
                    assertThat(page.total()).isGreaterThanOrEqualTo(names.size());
                })
                .verifyComplete();
        db.getCollections(1, 0).as(StepVerifier::create)
                .assertNext(page -> assertThat(page.data()).hasSize(1)).verifyComplete();
        db.getCollections(0, 0).as(StepVerifier::create)
                .verifyErrorMatches(e -> e instanceof VellumException v && v.code() == ErrorCode.VALIDATION_ERROR);

        db.createDocument(c, JSON.createObjectNode().put("n", 1)).block();
        db.deleteCollection(c).as(StepVerifier::create).expectNext(true).verifyComplete();
        db.getCollection(c).as(StepVerifier::create).verifyComplete();
        db.updateCollection(c, JSON.createObjectNode()).as(StepVerifier::create).verifyComplete();
        db.deleteCollection(c).as(StepVerifier::create).expectNext(false).verifyComplete();
        db.countDocuments(c, new Condition.All(List.of())).as(StepVerifier::create)
                .verifyErrorMatches(e -> e instanceof VellumException v && v.code() == ErrorCode.COLLECTION_NOT_FOUND);
        // created again, empty: the old document is not in it
        db.createDocument(c, JSON.createObjectNode().put("n", 2)).block();
        db.countDocuments(c, new Condition.All(List.of())).as(StepVerifier::create).expectNext(1L).verifyComplete();
    }

    @Test
    void a_user_gets_forbidden_from_every_collection_method() {
        String c = freshCollection();
        AsyncDb secret = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
        secret.createCollection(c, null).block();
        for (Caller.KeyKind kind : List.of(Caller.KeyKind.PUBLIC, Caller.KeyKind.SECRET)) {
            AsyncDb user = dbs.forCaller(new Caller(projectId(), kind, "u_" + c));
            for (Mono<?> call : List.of(user.getCollections(), user.getCollection(c), user.createCollection(c + "_x", null),
                    user.updateCollection(c, JSON.createObjectNode().putNull("references")), user.deleteCollection(c))) {
                call.as(StepVerifier::create)
                        .verifyErrorMatches(e -> e instanceof VellumException v && v.code() == ErrorCode.FORBIDDEN);
            }
        }
        secret.getCollection(c).as(StepVerifier::create).expectNextCount(1).verifyComplete();
        secret.getCollection(c + "_x").as(StepVerifier::create).verifyComplete();
    }

    @Test
    void fetch_all_lists_and_reads_collections_for_the_secret_key_only() {
        String c = freshCollection();
        dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null)).createCollection(c, null).block();
        dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null)).createCollection(c + "_b", null).block();
        JsonNode reply = fetchAll(SECRET_KEY, null, "[{\"type\": \"collections\", \"limit\": 2},"
                + " {\"type\": \"collection\", \"collection\": \"" + c + "\"},"
                + " {\"type\": \"collection\", \"collection\": \"" + c + "_none\"}]", 200);
        assertThat(reply.get(0).get("data").size()).isEqualTo(2);
        assertThat(reply.get(0).get("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(reply.get(1).get("name").asString()).isEqualTo(c);
        assertThat(reply.get(2).isNull()).isTrue();

        JsonNode bad = fetchAll(SECRET_KEY, null, "[{\"type\": \"collections\", \"collection\": \"x\"}]", 400);
        assertThat(bad.at("/error/details/field").asString()).isEqualTo("collection");
        assertThat(fetchAll(SECRET_KEY, null, "[{\"type\": \"collections\", \"limit\": 0}]", 400).at("/error/details/index").asInt())
                .isZero();
        String token = userToken(projectId(), "u_" + c);
        assertThat(fetchAll(PUBLIC_KEY, token, "[{\"type\": \"collections\"}]", 403).at("/error/code").asString())
                .isEqualTo("FORBIDDEN");
        fetchAll(PUBLIC_KEY, token, "[{\"type\": \"collection\", \"collection\": \"" + c + "\"}]", 403);
    }

    private JsonNode fetchAll(String key, String token, String body, int status) {
        WebTestClient client = WebTestClient.bindToServer(
                        new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
        WebTestClient.RequestBodySpec spec = client.post().uri("/v1/fetch_all").header("X-Api-Key", key);
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        String raw = spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(raw);
    }

    private long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }
}
