package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.documents.AsyncDb;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.documents.QueryOptions;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.QueryStringParser;
import dev.vellum.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** /v1/users for secret keys, fetch_all's user queries and AsyncDb's user methods, on real Postgres. */
class UserAdminIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String PASSWORD = "correct horse battery";

    @Autowired
    private AsyncDbFactory dbs;
    @Autowired
    private ApiKeyStore apiKeys;

    private record Reply(int status, JsonNode body, String raw) {
        String code() {
            return body.at("/error/code").asString();
        }
    }

    /** One connection per request, as in AuthIntegrationTest (reactor/reactor-netty#4361). */
    @BeforeEach
    void unpooledConnections() {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private Reply send(HttpMethod method, String uri, String apiKey, String token, String body) {
        WebTestClient.RequestBodySpec request = http.method(method).uri(uri).header("X-Api-Key", apiKey);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body.getBytes(StandardCharsets.UTF_8));
        EntityExchangeResult<byte[]> result = ready.exchange().expectBody().returnResult();
        byte[] bytes = result.getResponseBody();
        String raw = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        return new Reply(result.getStatus().value(), raw.isEmpty() ? null : JSON.readTree(raw), raw);
    }

    private Reply admin(HttpMethod method, String uri, String body) {
        return send(method, uri, SECRET_KEY, null, body);
    }

    private JsonNode create(String email, String extra) {
        Reply reply = admin(HttpMethod.POST, "/v1/users", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\""
                + (extra == null ? "" : ", " + extra) + "}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body();
    }

    private Reply login(String email, String password) {
        return send(HttpMethod.POST, "/v1/auth/login", PUBLIC_KEY, null,
                "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}");
    }

    private int me(String token) {
        return send(HttpMethod.GET, "/v1/auth/me", PUBLIC_KEY, token, null).status();
    }

    private static String tag() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @Test
    void create_answers_201_with_the_user_and_never_a_password_or_hash() {
        String email = freshEmail();
        Reply reply = admin(HttpMethod.POST, "/v1/users", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD
                + "\", \"data\": {\"name\": \"Ada\"}, \"roles\": [\"admin\", \"editor\"]}");
        assertThat(reply.status()).isEqualTo(201);
        JsonNode user = reply.body();
        assertThat(user.propertyNames()).containsExactly("id", "email", "roles", "data", "created_at", "updated_at");
        assertThat(user.get("email").asString()).isEqualTo(email);
        assertThat(user.get("roles").toString()).isEqualTo("[\"admin\",\"editor\"]");
        assertThat(user.get("data").toString()).isEqualTo("{\"name\":\"Ada\"}");
        assertThat(reply.raw()).doesNotContain(PASSWORD).doesNotContain("$2a$").doesNotContain("password");
        assertThat(login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void create_with_an_email_taken_in_another_case_is_409_and_a_weak_or_missing_password_400() {
        String email = freshEmail();
        create(email, null);
        Reply dup = admin(HttpMethod.POST, "/v1/users", "{\"email\": \"" + email.toUpperCase() + "\", \"password\": \"" + PASSWORD + "\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.code()).isEqualTo("CONFLICT");
        Reply weak = admin(HttpMethod.POST, "/v1/users", "{\"email\": \"" + freshEmail() + "\", \"password\": \"short\"}");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body().at("/error/details/field").asString()).isEqualTo("password");
        Reply missing = admin(HttpMethod.POST, "/v1/users", "{\"email\": \"" + freshEmail() + "\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void get_by_id_and_by_email_in_any_case_and_404_when_absent() {
        String email = freshEmail();
        JsonNode user = create(email, null);
        String id = user.get("id").asString();
        Reply byId = admin(HttpMethod.GET, "/v1/users/" + id, null);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.body()).isEqualTo(user);
        Reply byEmail = admin(HttpMethod.GET, "/v1/users/by_email/" + email.toUpperCase(), null);
        assertThat(byEmail.status()).isEqualTo(200);
        assertThat(byEmail.body()).isEqualTo(user);
        for (String uri : List.of("/v1/users/nope", "/v1/users/by_email/" + freshEmail())) {
            Reply absent = admin(HttpMethod.GET, uri, null);
            assertThat(absent.status()).as(uri).isEqualTo(404);
            assertThat(absent.code()).isEqualTo("NOT_FOUND");
            assertThat(absent.body().at("/error/message").asString()).isEqualTo("user not found");
        }
    }

    @Test
    void patch_merges_data_and_extra_fields_replaces_roles_and_keeps_the_rest() {
        String email = freshEmail();
        JsonNode user = create(email, "\"data\": {\"a\": 1, \"b\": 2}, \"roles\": [\"x\", \"y\"]");
        String id = user.get("id").asString();
        String token = login(email, PASSWORD).body().get("token").asString();
        Reply patched = admin(HttpMethod.PATCH, "/v1/users/" + id, "{\"data\": {\"b\": 3}, \"plan\": \"pro\", \"roles\": [\"z\"]}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("data")).isEqualTo(JSON.readTree("{\"a\": 1, \"b\": 3, \"plan\": \"pro\"}"));
        assertThat(patched.body().get("roles").toString()).isEqualTo("[\"z\"]");
        assertThat(patched.body().get("email").asString()).isEqualTo(email);
        assertThat(patched.body().get("created_at")).isEqualTo(user.get("created_at"));
        assertThat(patched.body().get("updated_at").asString()).isGreaterThanOrEqualTo(user.get("updated_at").asString());
        assertThat(admin(HttpMethod.GET, "/v1/users/" + id, null).body()).isEqualTo(patched.body());
        // no password change: tokens stay valid
        assertThat(me(token)).isEqualTo(200);
        String newEmail = freshEmail();
        assertThat(admin(HttpMethod.PATCH, "/v1/users/" + id, "{\"email\": \"" + newEmail + "\"}").body().get("email").asString())
                .isEqualTo(newEmail);
        assertThat(admin(HttpMethod.PATCH, "/v1/users/nope", "{\"plan\": 1}").status()).isEqualTo(404);
        assertThat(admin(HttpMethod.PATCH, "/v1/users/" + id, "{\"roles\": \"admin\"}").status()).isEqualTo(400);
    }

    @Test
    void patch_to_an_email_taken_in_another_case_is_409() {
        String taken = freshEmail();
        create(taken, null);
        String id = create(freshEmail(), null).get("id").asString();
        Reply reply = admin(HttpMethod.PATCH, "/v1/users/" + id, "{\"email\": \"" + taken.toUpperCase() + "\"}");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.code()).isEqualTo("CONFLICT");
        assertThat(reply.body().at("/error/message").asString()).isEqualTo("email already registered");
        assertThat(reply.body().at("/error/details/field").asString()).isEqualTo("email");
    }

    @Test
    void a_password_change_revokes_tokens_issued_before_and_the_new_password_logs_in() {
        String email = freshEmail();
        String id = create(email, null).get("id").asString();
        String before = login(email, PASSWORD).body().get("token").asString();
        assertThat(me(before)).isEqualTo(200);
        Reply patched = admin(HttpMethod.PATCH, "/v1/users/" + id, "{\"password\": \"a brand new secret\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.raw()).doesNotContain("a brand new secret").doesNotContain("$2a$");
        assertThat(me(before)).isEqualTo(401);
        assertThat(login(email, PASSWORD).status()).isEqualTo(401);
        Reply again = login(email, "a brand new secret");
        assertThat(again.status()).isEqualTo(200);
        assertThat(me(again.body().get("token").asString())).isEqualTo(200);
    }

    @Test
    void delete_answers_deleted_then_the_user_is_404_and_its_token_401() {
        String email = freshEmail();
        String id = create(email, null).get("id").asString();
        String token = login(email, PASSWORD).body().get("token").asString();
        Reply deleted = admin(HttpMethod.DELETE, "/v1/users/" + id, null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.raw()).isEqualTo("{\"deleted\":true}");
        assertThat(admin(HttpMethod.GET, "/v1/users/" + id, null).status()).isEqualTo(404);
        assertThat(me(token)).isEqualTo(401);
        Reply again = admin(HttpMethod.DELETE, "/v1/users/" + id, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.raw()).isEqualTo("{\"deleted\":false}");
    }

    @Test
    void query_count_and_find_one_filter_on_email_roles_and_data() {
        String t = tag();
        String a = "a_" + t + "@example.com";
        String b = "b_" + t + "@example.com";
        String c = "c_" + t + "@example.com";
        create(a, "\"roles\": [\"admin\"], \"data\": {\"batch\": \"" + t + "\", \"age\": 20}");
        create(b, "\"roles\": [\"admin\", \"editor\"], \"data\": {\"batch\": \"" + t + "\", \"age\": 35}");
        create(c, "\"roles\": [], \"data\": {\"batch\": \"" + t + "\", \"age\": 50, \"city\": {\"name\": \"Oslo\"}}");
        String batch = "data.batch=" + t;

        assertThat(emails("/v1/users?" + batch + "&roles=admin&sort=email")).containsExactly(a, b);
        assertThat(emails("/v1/users?" + batch + "&role=editor")).containsExactly(b);
        // on an array, _contains is membership of a whole element, ignoring case
        assertThat(emails("/v1/users?" + batch + "&roles_contains=EDITOR")).containsExactly(b);
        assertThat(emails("/v1/users?" + batch + "&roles_contains=edit")).isEmpty();
        assertThat(emails("/v1/users?" + batch + "&data.age_gte=30&sort=email&order=desc")).containsExactly(c, b);
        assertThat(emails("/v1/users?" + batch + "&data.city.name=Oslo")).containsExactly(c);
        assertThat(emails("/v1/users?email=" + b.toUpperCase())).isEmpty();
        assertThat(emails("/v1/users?email_startswith=B_" + t)).containsExactly(b);
        assertThat(emails("/v1/users?[or]email=" + a + "&[or]email=" + c + "&sort=created_at")).containsExactly(a, c);

        Reply page = admin(HttpMethod.GET, "/v1/users?" + batch + "&sort=email&limit=2&offset=1", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().propertyNames()).containsExactly("data", "total", "count_estimated", "has_more");
        assertThat(page.body().get("total").asLong()).isEqualTo(3);
        assertThat(page.body().get("has_more").asBoolean()).isFalse();
        JsonNode first = admin(HttpMethod.GET, "/v1/users?" + batch + "&sort=email&limit=1", null).body();
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(first.get("data").get(0).propertyNames()).containsExactly("id", "email", "roles", "data", "created_at", "updated_at");
        assertThat(first.toString()).doesNotContain("$2a$").doesNotContain("password");
        JsonNode planned = admin(HttpMethod.GET, "/v1/users?" + batch + "&limit=1&count=planned", null).body();
        assertThat(planned.get("count_estimated").asBoolean()).isTrue();
        assertThat(planned.get("has_more").asBoolean()).isTrue();
        assertThat(planned.get("total").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode exact = admin(HttpMethod.GET, "/v1/users?" + batch + "&limit=1&count=exact", null).body();
        assertThat(exact.get("total").asLong()).isEqualTo(3);
        assertThat(exact.get("count_estimated").asBoolean()).isFalse();

        assertThat(admin(HttpMethod.GET, "/v1/users/count?" + batch, null).raw()).isEqualTo("{\"count\":3}");
        assertThat(admin(HttpMethod.GET, "/v1/users/count?" + batch + "&roles=admin", null).raw()).isEqualTo("{\"count\":2}");

        Reply one = admin(HttpMethod.GET, "/v1/users/find_one?" + batch + "&data.age_lt=30", null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("email").asString()).isEqualTo(a);
        Reply none = admin(HttpMethod.GET, "/v1/users/find_one?" + batch + "&data.age_gt=99", null);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.code()).isEqualTo("NOT_FOUND");

        for (String bad : List.of("/v1/users?password_hash=x", "/v1/users?name=x", "/v1/users?sort=data.age",
                "/v1/users?select=email", "/v1/users/count?limit=1", "/v1/users?limit=0",
                "/v1/users?count=roughly")) {
            Reply reply = admin(HttpMethod.GET, bad, null);
            assertThat(reply.status()).as(bad).isEqualTo(400);
            assertThat(reply.code()).as(bad).isEqualTo("VALIDATION_ERROR");
        }
    }

    private List<String> emails(String uri) {
        Reply reply = admin(HttpMethod.GET, uri, null);
        assertThat(reply.status()).as(uri + " " + reply.raw()).isEqualTo(200);
        List<String> emails = new ArrayList<>();
        reply.body().get("data").forEach(u -> emails.add(u.get("email").asString()));
        return emails;
    }

    @Test
    void a_user_token_is_403_on_every_route_and_a_public_key_alone_401() {
        String email = freshEmail();
        String id = create(email, null).get("id").asString();
        String token = login(email, PASSWORD).body().get("token").asString();
        List<Object[]> routes = List.of(
                new Object[] {HttpMethod.POST, "/v1/users", "{\"email\": \"" + freshEmail() + "\", \"password\": \"" + PASSWORD + "\"}"},
                new Object[] {HttpMethod.GET, "/v1/users", null},
                new Object[] {HttpMethod.GET, "/v1/users/count", null},
                new Object[] {HttpMethod.GET, "/v1/users/find_one", null},
                new Object[] {HttpMethod.GET, "/v1/users/by_email/" + email, null},
                new Object[] {HttpMethod.GET, "/v1/users/" + id, null},
                new Object[] {HttpMethod.PATCH, "/v1/users/" + id, "{\"plan\": \"x\"}"},
                new Object[] {HttpMethod.DELETE, "/v1/users/" + id, null});
        for (Object[] route : routes) {
            Reply asUser = send((HttpMethod) route[0], (String) route[1], PUBLIC_KEY, token, (String) route[2]);
            assertThat(asUser.status()).as(route[0] + " " + route[1]).isEqualTo(403);
            assertThat(asUser.code()).isEqualTo("FORBIDDEN");
            assertThat(send((HttpMethod) route[0], (String) route[1], PUBLIC_KEY, null, (String) route[2]).status())
                    .as(route[0] + " " + route[1]).isEqualTo(401);
        }
        assertThat(admin(HttpMethod.GET, "/v1/users/" + id, null).status()).isEqualTo(200);
        Reply fetch = send(HttpMethod.POST, "/v1/fetch_all", PUBLIC_KEY, token, "[{\"type\": \"find_user\", \"id\": \"" + id + "\"}]");
        assertThat(fetch.status()).isEqualTo(403);
    }

    @Test
    void user_collections_route_still_reaches_the_documents_router() {
        String id = create(freshEmail(), null).get("id").asString();
        Reply reply = admin(HttpMethod.GET, "/v1/users/" + id + "/collections/" + freshCollection(), null);
        assertThat(reply.code()).isEqualTo("COLLECTION_NOT_FOUND");
    }

    @Test
    void fetch_all_runs_query_users_and_find_user() {
        String t = tag();
        String a = create("a_" + t + "@example.com", "\"data\": {\"batch\": \"" + t + "\"}").get("id").asString();
        create("b_" + t + "@example.com", "\"data\": {\"batch\": \"" + t + "\"}");
        Reply reply = admin(HttpMethod.POST, "/v1/fetch_all", "["
                + "{\"type\": \"query_users\", \"data.batch\": \"" + t + "\", \"sort\": \"email\", \"order\": \"desc\", \"limit\": 1},"
                + "{\"type\": \"find_user\", \"id\": \"" + a + "\"},"
                + "{\"type\": \"find_user\", \"id\": \"nope\"}]");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        JsonNode page = reply.body().get(0);
        assertThat(page.get("data").get(0).get("email").asString()).isEqualTo("b_" + t + "@example.com");
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(reply.body().get(1).get("id").asString()).isEqualTo(a);
        assertThat(reply.body().get(2).isNull()).isTrue();
        assertThat(reply.raw()).doesNotContain("$2a$").doesNotContain("password");

        Reply bad = admin(HttpMethod.POST, "/v1/fetch_all", "[{\"type\": \"find_user\", \"id\": \"x\"},"
                + " {\"type\": \"query_users\", \"name\": \"x\"}]");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().at("/error/details/index").asInt()).isEqualTo(1);
    }

    @Test
    void async_db_user_methods_for_a_secret_key_and_forbidden_for_a_user() {
        long projectId = apiKeys.find(PUBLIC_KEY).block().projectId();
        AsyncDb db = dbs.forCaller(new Caller(projectId, Caller.KeyKind.SECRET, null));
        String t = tag();
        String email = "a_" + t + "@example.com";
        ObjectNode data = JSON.createObjectNode().put("batch", t);
        String[] id = new String[1];
        db.createAppUser(email, PASSWORD, data, List.of("admin")).as(StepVerifier::create)
                .assertNext(user -> {
                    id[0] = user.get("id").asString();
                    assertThat(user.get("roles").toString()).isEqualTo("[\"admin\"]");
                    assertThat(user.toString()).doesNotContain("$2a$");
                })
                .verifyComplete();
        db.getAppUserByEmail(email.toUpperCase()).as(StepVerifier::create)
                .assertNext(user -> assertThat(user.get("id").asString()).isEqualTo(id[0])).verifyComplete();
        db.updateAppUser(id[0], JSON.createObjectNode().put("plan", "pro")).as(StepVerifier::create)
                .assertNext(user -> assertThat(user.get("data")).isEqualTo(data.deepCopy().put("plan", "pro")))
                .verifyComplete();
        Condition batch = QueryStringParser.parse(Map.of("data.batch", List.of(t)), Set.of());
        db.countAppUsers(batch).as(StepVerifier::create).expectNext(1L).verifyComplete();
        db.queryUsers(batch, QueryOptions.defaults()).as(StepVerifier::create)
                .assertNext(page -> assertThat(page.data()).hasSize(1)).verifyComplete();
        db.findUser(batch).as(StepVerifier::create)
                .assertNext(user -> assertThat(user.get("email").asString()).isEqualTo(email)).verifyComplete();
        db.deleteAppUser(id[0]).as(StepVerifier::create).expectNext(true).verifyComplete();
        db.getAppUser(id[0]).as(StepVerifier::create).verifyComplete();
        db.deleteAppUser(id[0]).as(StepVerifier::create).expectNext(false).verifyComplete();

        AsyncDb asUser = dbs.forCaller(new Caller(projectId, Caller.KeyKind.PUBLIC, "someone"));
        asUser.getAppUser(id[0]).as(StepVerifier::create)
                .verifyErrorSatisfies(e -> assertThat(((VellumException) e).code().name()).isEqualTo("FORBIDDEN"));
        asUser.countAppUsers(batch).as(StepVerifier::create).verifyError(VellumException.class);
    }

    @Test
    void async_db_create_with_a_taken_email_is_a_conflict_naming_email() {
        long projectId = apiKeys.find(PUBLIC_KEY).block().projectId();
        AsyncDb db = dbs.forCaller(new Caller(projectId, Caller.KeyKind.SECRET, null));
        String email = freshEmail();
        create(email, null);
        db.createAppUser(email.toUpperCase(), PASSWORD, null, null).as(StepVerifier::create)
                .verifyErrorSatisfies(e -> {
                    VellumException error = (VellumException) e;
                    assertThat(error.code().name()).isEqualTo("CONFLICT");
                    assertThat(error.getMessage()).isEqualTo("email already registered");
                    assertThat(error.details()).isEqualTo(Map.of("field", "email"));
                });
    }
}
