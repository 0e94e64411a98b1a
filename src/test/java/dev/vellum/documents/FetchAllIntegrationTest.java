package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.documents.DocsClient.Reply;
import dev.vellum.query.Condition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** POST /v1/fetch_all and AsyncDb.fetchAll: answers in order, each type, validation before running, privacy. */
class FetchAllIntegrationTest extends DocumentsTestBase {

    private static final String FETCH_ALL = "/v1/fetch_all";

    @Autowired
    AsyncDbFactory dbs;

    private DocsClient s;
    private String posts;

    @BeforeEach
    void setUp() {
        s = service();
        posts = freshCollection();
    }

    private void seed(int n) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"n\": ").append(i).append(", \"status\": \"")
                    .append(i % 2 == 0 ? "published" : "draft").append("\"}");
        }
        assertThat(s.post(docs(posts), batch.append("]").toString()).status()).isEqualTo(201);
    }

    @Test
    void each_type_answers_in_the_order_asked() {
        seed(5);
        Reply reply = s.post(FETCH_ALL, "["
                + "{\"type\": \"query\", \"collection\": \"" + posts + "\", \"status\": \"published\", \"sort\": \"n\","
                + " \"order\": \"desc\", \"limit\": 2, \"select\": \"n\"},"
                + "{\"type\": \"count\", \"collection\": \"" + posts + "\"},"
                + "{\"type\": \"find_one\", \"collection\": \"" + posts + "\", \"n_gte\": 3, \"status\": \"draft\"},"
                + "{\"type\": \"find_one\", \"collection\": \"" + posts + "\", \"n\": 99},"
                + "{\"type\": \"count\", \"collection\": \"" + posts + "\", \"[or]n\": 0, \"[or]n_in\": [3, 4]},"
                + "{\"type\": \"query\", \"collection\": \"" + posts + "\", \"offset\": 4}]");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode answers = reply.body();
        assertThat(answers).hasSize(6);
        JsonNode page = answers.get(0);
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(page.get("data")).hasSize(2);
        assertThat(page.at("/data/0/n").asInt()).isEqualTo(4);
        assertThat(List.copyOf(page.get("data").get(0).propertyNames())).containsExactlyInAnyOrder("id", "n");
        assertThat(answers.get(1).isIntegralNumber()).isTrue();
        assertThat(answers.get(1).asLong()).isEqualTo(5);
        assertThat(answers.get(2).get("n").asInt()).isEqualTo(3);
        assertThat(answers.get(3).isNull()).isTrue();
        assertThat(answers.get(4).asLong()).isEqualTo(3);
        assertThat(answers.get(5).get("data")).hasSize(1);
        assertThat(answers.get(5).get("has_more").asBoolean()).isFalse();
    }

    @Test
    void twenty_queries_in_one_call_each_get_their_own_answer() {
        seed(20);
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            body.append(i == 0 ? "" : ",");
            body.append(switch (i % 3) {
                case 0 -> "{\"type\": \"find_one\", \"collection\": \"" + posts + "\", \"n\": " + i + "}";
                case 1 -> "{\"type\": \"count\", \"collection\": \"" + posts + "\", \"n_lte\": " + i + "}";
                default -> "{\"type\": \"query\", \"collection\": \"" + posts + "\", \"n_gte\": " + i + ", \"limit\": 1, \"sort\": \"n\"}";
            });
        }
        JsonNode answers = s.post(FETCH_ALL, body.append("]").toString()).body();
        assertThat(answers).hasSize(20);
        for (int i = 0; i < 20; i++) {
            JsonNode answer = answers.get(i);
            switch (i % 3) {
                case 0 -> assertThat(answer.get("n").asInt()).as("index %d", i).isEqualTo(i);
                case 1 -> assertThat(answer.asLong()).as("index %d", i).isEqualTo(i + 1);
                default -> {
                    assertThat(answer.get("total").asLong()).as("index %d", i).isEqualTo(20 - i);
                    assertThat(answer.at("/data/0/n").asInt()).as("index %d", i).isEqualTo(i);
                }
            }
        }
    }

    @Test
    void one_bad_query_fails_the_call_naming_its_index_before_any_query_runs() {
        seed(1);
        // index 0 would answer 404 if it ran: the 400 for index 1 shows validation came first
        String missing = "{\"type\": \"count\", \"collection\": \"" + freshCollection() + "\"}";
        String ok = "{\"type\": \"count\", \"collection\": \"" + posts + "\"}";
        List<String> bad = List.of(
                "{\"type\": \"count\"}",
                "{\"type\": \"nope\", \"collection\": \"" + posts + "\"}",
                "{\"collection\": \"" + posts + "\"}",
                "{\"type\": \"count\", \"collection\": \"" + posts + "\", \"limit\": 5}",
                "{\"type\": \"find_one\", \"collection\": \"" + posts + "\", \"sort\": \"n\"}",
                "{\"type\": \"query\", \"collection\": \"" + posts + "\", \"limit\": 0}",
                "{\"type\": \"query\", \"collection\": \"" + posts + "\", \"limit\": \"5\"}",
                "{\"type\": \"query\", \"collection\": \"" + posts + "\", \"order\": \"up\"}",
                "{\"type\": \"query\", \"collection\": \"" + posts + "\", \"select\": \"_x\"}",
                "{\"type\": \"query\", \"collection\": \"" + posts + "\", \"sort\": \"a..b\"}",
                "{\"type\": \"query\", \"collection\": \"" + posts + "\", \"populate\": \"a.b\"}",
                "{\"type\": \"query\", \"collection\": \"Bad\"}",
                "{\"type\": \"count\", \"collection\": \"" + posts + "\", \"a..b\": 1}",
                "{\"type\": \"count\", \"collection\": \"" + posts + "\", \"n_isnull\": 1}",
                "[]");
        for (String query : bad) {
            Reply reply = s.post(FETCH_ALL, "[" + missing + ", " + query + ", " + ok + "]");
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.errorCode()).as(query).isEqualTo("VALIDATION_ERROR");
            assertThat(reply.body().at("/error/details/index").asInt()).as(query).isEqualTo(1);
        }
    }

    @Test
    void user_query_types_take_no_collection_and_only_user_fields() {
        for (String query : List.of("{\"type\": \"find_user\", \"collection\": \"" + posts + "\"}",
                "{\"type\": \"query_users\", \"title\": \"x\"}", "{\"type\": \"query_users\", \"select\": \"email\"}")) {
            Reply reply = s.post(FETCH_ALL, "[{\"type\": \"count\", \"collection\": \"" + posts + "\"}, " + query + "]");
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
            assertThat(reply.body().at("/error/details/index").asInt()).isEqualTo(1);
        }
    }

    @Test
    void bodies_that_are_not_a_list_of_at_most_twenty_queries_are_refused() {
        assertThat(s.post(FETCH_ALL, "{}").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.post(FETCH_ALL, "[1]").body().at("/error/details/index").asInt()).isZero();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("{\"type\": \"count\", \"collection\": \"" + posts + "\"}");
        }
        assertThat(s.post(FETCH_ALL, "[" + String.join(",", many) + "]").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.post(FETCH_ALL, "[]").body().toString()).isEqualTo("[]");
        assertThat(s.post(FETCH_ALL + "?x=1", "[]").errorCode()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void a_query_failing_while_running_names_its_index() {
        seed(1);
        Reply reply = s.post(FETCH_ALL, "[{\"type\": \"count\", \"collection\": \"" + posts + "\"},"
                + "{\"type\": \"query\", \"collection\": \"" + freshCollection() + "\"}]");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(reply.body().at("/error/details/index").asInt()).isEqualTo(1);
    }

    @Test
    void a_user_sees_only_its_own_documents_in_every_answer() {
        DocsClient alice = newUser();
        DocsClient bob = newUser();
        String people = freshCollection();
        String secret = alice.create(people, "{\"secret\": \"alice's\"}").get("id").asString();
        alice.create(posts, "{\"secret\": \"alice's\"}");
        bob.create(posts, "{\"ref\": \"" + secret + "\"}");
        Reply reply = bob.post(FETCH_ALL, "["
                + "{\"type\": \"query\", \"collection\": \"" + posts + "\", \"populate\": [\"ref:" + people + "\"]},"
                + "{\"type\": \"count\", \"collection\": \"" + posts + "\"},"
                + "{\"type\": \"find_one\", \"collection\": \"" + posts + "\", \"secret\": \"alice's\"},"
                + "{\"type\": \"find_one\", \"collection\": \"" + posts + "\", \"populate\": \"ref:" + people + "\"}]");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().toString()).doesNotContain("alice's");
        assertThat(reply.body().at("/0/total").asLong()).isEqualTo(1);
        assertThat(reply.body().at("/0/data/0/ref").isNull()).isTrue();
        assertThat(reply.body().get(1).asLong()).isEqualTo(1);
        assertThat(reply.body().get(2).isNull()).isTrue();
        assertThat(reply.body().at("/3/ref").isNull()).isTrue();
    }

    @Test
    void fetch_all_through_async_db() {
        seed(3);
        AsyncDb db = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
        db.fetchAll(List.of(
                        new FetchQuery.Count(posts, Condition.always()),
                        new FetchQuery.FindOne(posts, null, List.of()),
                        new FetchQuery.Query(posts, null, QueryOptions.defaults().limit(2))))
                .as(StepVerifier::create)
                .assertNext(answers -> {
                    assertThat(answers.get(0)).isEqualTo(new FetchResult.Counted(3));
                    assertThat(((FetchResult.Found) answers.get(1)).document()).isPresent();
                    FetchResult.Page page = (FetchResult.Page) answers.get(2);
                    assertThat(page.page().data()).hasSize(2);
                    assertThat(page.page().total()).isEqualTo(3);
                })
                .verifyComplete();
        db.fetchAll(List.of(new FetchQuery.Count(posts, null), new FetchQuery.Count("Bad", null)))
                .as(StepVerifier::create)
                .verifyErrorMatches(e -> e instanceof dev.vellum.error.VellumException v
                        && Integer.valueOf(1).equals(v.details().get("index")));
    }

    @Test
    void the_openapi_description_lists_fetch_all() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/v1/fetch_all'].post.requestBody").exists()
                .jsonPath("$.paths['/v1/fetch_all'].post.requestBody.content['application/json'].schema.maxItems")
                .isEqualTo(20);
    }
}
