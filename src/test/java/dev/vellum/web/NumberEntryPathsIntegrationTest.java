package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Every way a number enters, with {@code 1e999999999} and with a 1001-digit integer: each is a 400
 * VALIDATION_ERROR naming the field (bodies), or plain text that matches nothing (query strings),
 * and nothing is stored.
 */
class NumberEntryPathsIntegrationTest extends IntegrationTest {

    private static final String DIGITS_1001 = "9".repeat(1001);

    private String c;
    private String userId;
    private String token;

    static List<String> hugeNumbers() {
        return List.of("1e999999999", DIGITS_1001, "-" + DIGITS_1001 + ".5");
    }

    @BeforeEach
    void setUp() {
        c = freshCollection();
        send(HttpMethod.PUT, "/v1/kv/" + c + "/doc", SECRET_KEY, null, "{\"n\": 1, \"list\": []}", 200);
        JsonNode signup = send(HttpMethod.POST, "/v1/auth/signup", PUBLIC_KEY, null,
                "{\"email\": \"" + freshEmail() + "\", \"password\": \"long enough pw\"}", 201);
        userId = signup.at("/user/id").asString();
        token = signup.get("token").asString();
    }

    @ParameterizedTest
    @MethodSource("hugeNumbers")
    void datastore_documents_and_kv_bodies(String huge) {
        refused(HttpMethod.POST, "/v1/datastore", SECRET_KEY, null,
                "{\"op\": \"collection.find\", \"collection\": \"" + c + "\", \"match\": {\"n:$in\": [1, " + huge + "]}}", "match.n:$in[1]");
        refused(HttpMethod.POST, "/v1/datastore", SECRET_KEY, null,
                "{\"op\": \"collection.update\", \"collection\": \"" + c + "\", \"match\": {\"n\": 1}, \"data\": {\"n\": " + huge + "}}",
                "data.n");
        refused(HttpMethod.POST, "/v1/collections/" + c + "/documents", SECRET_KEY, null, "{\"x\": " + huge + "}", "x");
        refused(HttpMethod.PUT, "/v1/kv/" + c + "/doc", SECRET_KEY, null, "{\"n\": " + huge + "}", "n");
        refused(HttpMethod.POST, "/v1/kv/" + c + "/doc/mutate_in", SECRET_KEY, null,
                "{\"specs\": [{\"op\": \"counter\", \"path\": \"n\", \"delta\": " + huge + "}]}", "specs[0].delta");
        refused(HttpMethod.POST, "/v1/kv/" + c + "/doc/mutate_in", SECRET_KEY, null,
                "{\"specs\": [{\"op\": \"array_insert\", \"path\": \"list[0]\", \"values\": [" + huge + "]}]}", "specs[0].values[0]");
        refused(HttpMethod.POST, "/v1/fetch_all", SECRET_KEY, null,
                "[{\"type\": \"count\", \"collection\": \"" + c + "\", \"n\": " + huge + "}]", "[0].n");
        // with an Idempotency-Key the body is fingerprinted first: the number is refused all the same
        JsonNode idempotent = http.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY)
                .header("Idempotency-Key", "numbers-" + java.util.UUID.randomUUID()).header("Content-Type", "application/json")
                .bodyValue("{\"op\": \"collection.upsert\", \"collection\": \"" + c + "\", \"match\": {\"n\": " + huge
                        + "}, \"update\": {\"x\": 1}, \"insert\": {\"x\": 2}}")
                .exchange().expectStatus().isEqualTo(400).expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(idempotent.at("/error/details/field").asString()).isEqualTo("match.n");
        assertThat(send(HttpMethod.POST, "/v1/datastore", SECRET_KEY, null,
                "{\"op\": \"collection.count\", \"collection\": \"" + c + "\"}", 200).at("/data/count").asInt()).isEqualTo(1);
        JsonNode doc = send(HttpMethod.GET, "/v1/kv/" + c + "/doc", SECRET_KEY, null, null, 200);
        assertThat(doc.get("cas").asString()).isEqualTo("1");
        assertThat(doc.at("/content/n").asInt()).isEqualTo(1);
        assertThat(doc.at("/content/list").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("hugeNumbers")
    void user_data_on_signup_me_and_admin_and_relationship_fields(String huge) {
        refused(HttpMethod.POST, "/v1/auth/signup", PUBLIC_KEY, null,
                "{\"email\": \"" + freshEmail() + "\", \"password\": \"long enough pw\", \"data\": {\"n\": " + huge + "}}", "data.n");
        refused(HttpMethod.PATCH, "/v1/auth/me", PUBLIC_KEY, token, "{\"data\": {\"n\": " + huge + "}}", "data.n");
        refused(HttpMethod.PATCH, "/v1/users/" + userId, SECRET_KEY, null, "{\"data\": {\"n\": " + huge + "}}", "data.n");
        refused(HttpMethod.POST, "/v1/users/me/relationships/following", PUBLIC_KEY, token,
                "{\"user_id\": " + huge + "}", "user_id");
        JsonNode user = send(HttpMethod.GET, "/v1/users/" + userId, SECRET_KEY, null, null, 200);
        assertThat(user.get("data").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("hugeNumbers")
    void in_a_query_string_a_huge_number_is_text_that_matches_no_number(String huge) {
        JsonNode page = send(HttpMethod.GET, "/v1/collections/" + c + "/documents?n_lt=" + huge, SECRET_KEY, null, null, 200);
        assertThat(page.get("data").isEmpty()).isTrue();
        send(HttpMethod.GET, "/v1/users?data.n=" + huge, SECRET_KEY, null, null, 200);
    }

    private void refused(HttpMethod method, String path, String key, String bearer, String body, String field) {
        JsonNode error = send(method, path, key, bearer, body, 400).get("error");
        assertThat(error.get("code").asString()).as(path).isEqualTo("VALIDATION_ERROR");
        assertThat(error.at("/details/field").asString()).as(path).isEqualTo(field);
    }

    private JsonNode send(HttpMethod method, String path, String key, String bearer, String body, int status) {
        var request = http.method(method).uri(path).header("X-Api-Key", key).header("Content-Type", "application/json");
        if (bearer != null) {
            request = request.header("Authorization", "Bearer " + bearer);
        }
        var response = body == null ? request.exchange() : request.bodyValue(body).exchange();
        return response.expectStatus().isEqualTo(status).expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
