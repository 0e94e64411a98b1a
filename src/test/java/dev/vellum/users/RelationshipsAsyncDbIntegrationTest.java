package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.GET;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.documents.AsyncDb;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.documents.QueryPage;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.QueryStringParser;
import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.LinkedMultiValueMap;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** get/add/remove_user_relationship through AsyncDb, and the public_user_fields setting on relationship lists. */
class RelationshipsAsyncDbIntegrationTest extends RelationshipsTestBase {

    @Autowired
    private AsyncDbFactory dbs;
    @Autowired
    private ApiKeyStore apiKeys;
    @Autowired
    private DatabaseClient db;

    private long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }

    private AsyncDb secret() {
        return dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
    }

    private AsyncDb as(User user) {
        return dbs.forCaller(new Caller(projectId(), Caller.KeyKind.PUBLIC, user.id()));
    }

    private static List<String> ids(QueryPage page) {
        return page.data().stream().map(user -> user.get("id").stringValue()).toList();
    }

    private static Condition filter(String name, String value) {
        return QueryStringParser.parse(new LinkedMultiValueMap<>(Map.of(name, List.of(value))), Set.of());
    }

    private static void assertCode(Throwable error, ErrorCode code) {
        assertThat(error).isInstanceOf(VellumException.class);
        assertThat(((VellumException) error).code()).isEqualTo(code);
    }

    @Test
    void a_secret_key_adds_lists_and_removes_for_any_user_and_sees_full_users() {
        User a = signup();
        User b = signup("{\"name\": \"Bea\"}");
        AsyncDb asyncDb = secret();

        StepVerifier.create(asyncDb.addUserRelationship(a.id(), "following", b.id(), true))
                .assertNext(result -> {
                    assertThat(List.copyOf(result.propertyNames())).containsExactly("success", "message", "bidirectional");
                    assertThat(result.get("success").booleanValue()).isTrue();
                    assertThat(result.get("bidirectional").booleanValue()).isTrue();
                })
                .verifyComplete();
        StepVerifier.create(asyncDb.getUserRelationships(a.id(), "following", null, 10, 0))
                .assertNext(page -> {
                    assertThat(ids(page)).containsExactly(b.id());
                    assertThat(page.total()).isEqualTo(1);
                    assertThat(page.hasMore()).isFalse();
                    ObjectNode user = page.data().get(0);
                    assertThat(List.copyOf(user.propertyNames()))
                            .containsExactly("id", "email", "roles", "data", "created_at", "updated_at");
                    assertThat(user.get("email").stringValue()).isEqualTo(b.email());
                })
                .verifyComplete();
        // the bidirectional add gave b a follower; filters work for a secret key
        Condition byEmail = filter("email", a.email());
        StepVerifier.create(asyncDb.getUserRelationships(b.id(), "followers", byEmail, 10, 0).map(
                        RelationshipsAsyncDbIntegrationTest::ids))
                .expectNext(List.of(a.id())).verifyComplete();

        StepVerifier.create(asyncDb.removeUserRelationship(a.id(), "following", b.id(), true))
                .assertNext(result -> assertThat(result.get("message").stringValue()).startsWith("removed from following"))
                .verifyComplete();
        StepVerifier.create(asyncDb.getUserRelationships(a.id(), "following", null, 10, 0).map(QueryPage::total))
                .expectNext(0L).verifyComplete();
        StepVerifier.create(asyncDb.getUserRelationships(b.id(), "followers", null, 10, 0).map(QueryPage::total))
                .expectNext(0L).verifyComplete();
    }

    @Test
    void the_route_rules_apply_self_unknown_users_and_bad_types() {
        User a = signup();
        AsyncDb asyncDb = secret();
        StepVerifier.create(asyncDb.addUserRelationship(a.id(), "friends", a.id(), false))
                .verifyErrorSatisfies(e -> assertCode(e, ErrorCode.VALIDATION_ERROR));
        StepVerifier.create(asyncDb.addUserRelationship(a.id(), "friends", "no-such-user", false))
                .verifyErrorSatisfies(e -> assertCode(e, ErrorCode.NOT_FOUND));
        StepVerifier.create(asyncDb.getUserRelationships("no-such-user", "friends", null, 10, 0))
                .verifyErrorSatisfies(e -> assertCode(e, ErrorCode.NOT_FOUND));
        StepVerifier.create(asyncDb.getUserRelationships(a.id(), "Bad-Type", null, 10, 0))
                .verifyErrorSatisfies(e -> assertCode(e, ErrorCode.VALIDATION_ERROR));
        // a public key without a user token is refused, as on the routes
        AsyncDb anonymous = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.PUBLIC, null));
        StepVerifier.create(anonymous.getUserRelationships(a.id(), "friends", null, 10, 0))
                .verifyErrorSatisfies(e -> assertCode(e, ErrorCode.AUTHENTICATION_FAILED));
    }

    @Test
    void a_signed_in_user_acts_only_for_itself_and_sees_id_only_profiles_by_default() {
        User a = signup();
        User b = signup("{\"name\": \"Bea\", \"secret\": \"hidden\"}");
        User c = signup();
        AsyncDb asA = as(a);

        StepVerifier.create(asA.addUserRelationship(b.id(), "following", c.id(), false))
                .verifyErrorSatisfies(e -> assertCode(e, ErrorCode.FORBIDDEN));
        StepVerifier.create(asA.removeUserRelationship(b.id(), "following", c.id(), false))
                .verifyErrorSatisfies(e -> assertCode(e, ErrorCode.FORBIDDEN));
        StepVerifier.create(asA.getUserRelationships(b.id(), "following", null, 10, 0))
                .verifyErrorSatisfies(e -> assertCode(e, ErrorCode.FORBIDDEN));
        Condition probe = filter("email", b.email());
        StepVerifier.create(asA.getUserRelationships(a.id(), "following", probe, 10, 0))
                .verifyErrorSatisfies(e -> assertCode(e, ErrorCode.FORBIDDEN));

        StepVerifier.create(asA.addUserRelationship(a.id(), "following", b.id(), false).map(r -> r.get("success").booleanValue()))
                .expectNext(true).verifyComplete();
        StepVerifier.create(asA.getUserRelationships(a.id(), "following", null, 10, 0))
                .assertNext(page -> assertThat(page.data().get(0).toString()).isEqualTo("{\"id\":\"" + b.id() + "\"}"))
                .verifyComplete();
    }

    @Test
    void public_user_fields_show_those_data_fields_on_relationship_lists_and_nothing_else() {
        User a = signup();
        User b = signup("{\"name\": \"Bea\", \"secret\": \"hidden\"}");
        secret().addUserRelationship(a.id(), "following", b.id(), false).block();
        publicUserFields("[\"name\"]");
        try {
            String expected = "{\"id\":\"" + b.id() + "\",\"data\":{\"name\":\"Bea\"}}";
            StepVerifier.create(as(a).getUserRelationships(a.id(), "following", null, 10, 0))
                    .assertNext(page -> assertThat(page.data().get(0).toString()).isEqualTo(expected))
                    .verifyComplete();
            JsonNode http = asUser(a, GET, "/v1/users/me/relationships/following", null, 200);
            assertThat(http.get("data").get(0).toString()).isEqualTo(expected);
            assertThat(http.toString()).doesNotContain(b.email()).doesNotContain("hidden").doesNotContain("roles");
            // a secret key still sees the whole user
            assertThat(asSecret(GET, "/v1/users/" + a.id() + "/relationships/following", null, 200)
                    .at("/data/0/data/secret").stringValue()).isEqualTo("hidden");
        } finally {
            clearPublicUserFields();
        }
        StepVerifier.create(as(a).getUserRelationships(a.id(), "following", null, 10, 0))
                .assertNext(page -> assertThat(page.data().get(0).toString()).isEqualTo("{\"id\":\"" + b.id() + "\"}"))
                .verifyComplete();
    }

    private void publicUserFields(String json) {
        db.sql("update projects set settings = jsonb_set(settings, '{public_user_fields}', $2::jsonb) where id = $1")
                .bind(0, projectId()).bind(1, Json.of(json)).fetch().rowsUpdated().block();
    }

    private void clearPublicUserFields() {
        db.sql("update projects set settings = settings - 'public_user_fields' where id = $1")
                .bind(0, projectId()).fetch().rowsUpdated().block();
    }
}
