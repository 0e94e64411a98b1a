package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.documents.DocsClient.Reply;
import dev.vellum.query.BodyPath;
import dev.vellum.query.Condition;
import dev.vellum.query.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.StringNode;

/** GET /v1/users/{user_id}/collections/{c} and AsyncDb.getUserCollections. */
class UserCollectionsIntegrationTest extends DocumentsTestBase {

    @Autowired
    AsyncDbFactory dbs;

    private DocsClient service;
    private String c;

    @BeforeEach
    void setUp() {
        service = service();
        c = freshCollection();
    }

    private String id(DocsClient client, String body) {
        return client.create(c, body).get("id").asString();
    }

    private static String userCollection(String userId, String collection) {
        return "/v1/users/" + userId + "/collections/" + collection;
    }

    private static Reply ok(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"author_id", "user_id", "creator_id", "owner_id"})
    void a_document_naming_the_user_in_the_field_belongs_to_the_user(String field) {
        String mine = id(service, "{\"" + field + "\": \"u_42\", \"title\": \"mine\"}");
        id(service, "{\"" + field + "\": \"u_43\"}");
        id(service, "{\"" + field + "\": 42}");
        id(service, "{\"title\": \"u_42\"}");
        Reply page = ok(service.get(userCollection("u_42", c)));
        assertThat(page.ids()).containsExactly(mine);
        assertThat(page.body().get("total").asLong()).isEqualTo(1);
        assertThat(page.body().get("has_more").asBoolean()).isFalse();
        assertThat(page.body().get("data").get(0).get("title").asString()).isEqualTo("mine");
    }

    @Test
    void any_of_the_four_fields_is_enough() {
        List<String> mine = new ArrayList<>();
        for (String field : UserDocuments.FIELDS) {
            mine.add(id(service, "{\"" + field + "\": \"u_7\", \"other_id\": \"x\"}"));
        }
        mine.add(id(service, "{\"author_id\": \"someone\", \"owner_id\": \"u_7\"}"));
        id(service, "{\"other_id\": \"u_7\"}");
        Reply page = ok(service.get(userCollection("u_7", c) + "?limit=100"));
        assertThat(page.ids()).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(page.body().get("total").asLong()).isEqualTo(5);
    }

    @Test
    void newest_first_unless_the_order_says_otherwise() throws InterruptedException {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            created.add(id(service, "{\"author_id\": \"u_1\", \"n\": " + i + "}"));
            Thread.sleep(3); // distinct created_at milliseconds
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertThat(ok(service.get(userCollection("u_1", c))).ids()).containsExactlyElementsOf(newestFirst);
        assertThat(ok(service.get(userCollection("u_1", c) + "?order=asc")).ids()).containsExactlyElementsOf(created);
        assertThat(ok(service.get(userCollection("u_1", c) + "?sort=n")).ids()).containsExactlyElementsOf(newestFirst);
        assertThat(ok(service.get(userCollection("u_1", c) + "?sort=n&order=asc")).ids()).containsExactlyElementsOf(created);
    }

    @Test
    void filters_and_pagination_combine_with_the_user_match() {
        for (int n = 0; n < 6; n++) {
            id(service, "{\"user_id\": \"u_5\", \"n\": " + n + ", \"status\": \"" + (n % 2 == 0 ? "published" : "draft") + "\"}");
        }
        id(service, "{\"user_id\": \"u_6\", \"n\": 100, \"status\": \"published\"}");
        String base = userCollection("u_5", c) + "?status=published&sort=n&order=asc&limit=2";
        Reply first = ok(service.get(base));
        assertThat(first.body().findValues("n").stream().map(v -> v.asInt()).toList()).containsExactly(0, 2);
        assertThat(first.body().get("total").asLong()).isEqualTo(3);
        assertThat(first.body().get("has_more").asBoolean()).isTrue();
        Reply second = ok(service.get(base + "&offset=2"));
        assertThat(second.body().findValues("n").stream().map(v -> v.asInt()).toList()).containsExactly(4);
        assertThat(second.body().get("has_more").asBoolean()).isFalse();
        Reply ranged = ok(service.get(userCollection("u_5", c) + "?n_gte=4&[or]status=draft&[or]n=4"));
        assertThat(ranged.body().get("total").asLong()).isEqualTo(2);
        Reply selected = ok(service.get(userCollection("u_5", c) + "?select=status&limit=1"));
        assertThat(selected.body().get("data").get(0).propertyNames()).containsExactlyInAnyOrder("id", "status");
    }

    @Test
    void a_user_token_sees_only_its_own_documents_whatever_user_id_names() {
        DocsClient alice = newUser();
        DocsClient bob = newUser();
        String alicesAboutX = id(alice, "{\"author_id\": \"x\"}");
        String bobsAboutX = id(bob, "{\"author_id\": \"x\"}");
        String alicesOwn = id(alice, "{\"author_id\": \"" + alice.userId + "\", \"secret\": \"alice's\"}");
        assertThat(ok(bob.get(userCollection("x", c))).ids()).containsExactly(bobsAboutX);
        Reply snoop = ok(bob.get(userCollection(alice.userId, c)));
        assertThat(snoop.body().get("total").asLong()).isZero();
        assertThat(snoop.body().toString()).doesNotContain("alice's");
        assertThat(ok(alice.get(userCollection(alice.userId, c))).ids()).containsExactly(alicesOwn);
        assertThat(ok(service.get(userCollection("x", c))).ids()).containsExactlyInAnyOrder(alicesAboutX, bobsAboutX);
    }

    @Test
    void a_missing_collection_is_404_and_a_bad_filter_400() {
        Reply missing = service.get(userCollection("u_1", freshCollection()));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("COLLECTION_NOT_FOUND");
        id(service, "{\"author_id\": \"u_1\"}");
        for (String query : List.of("?a..b=1", "?limit=0", "?order=sideways", "?limit=1&limit=2")) {
            Reply bad = service.get(userCollection("u_1", c) + query);
            assertThat(bad.status()).as(query).isEqualTo(400);
            assertThat(bad.errorCode()).as(query).isEqualTo("VALIDATION_ERROR");
        }
    }

    @Test
    void async_db_get_user_collections_defaults_to_newest_first() throws InterruptedException {
        String older = id(service, "{\"creator_id\": \"u_9\", \"kind\": \"a\"}");
        Thread.sleep(3);
        String newer = id(service, "{\"creator_id\": \"u_9\", \"kind\": \"a\"}");
        id(service, "{\"creator_id\": \"u_9\", \"kind\": \"b\"}");
        AsyncDb db = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
        Condition kindA = new Condition.Compare(BodyPath.of("kind"), Op.EQ, StringNode.valueOf("a"));
        db.getUserCollections("u_9", c, kindA, null)
                .as(StepVerifier::create)
                .assertNext(page -> {
                    assertThat(page.data().stream().map(d -> d.get("id").asString()).toList()).containsExactly(newer, older);
                    assertThat(page.total()).isEqualTo(2);
                })
                .verifyComplete();
        db.getUserCollections(" ", c, null, null).as(StepVerifier::create)
                .expectErrorMatches(e -> e.getMessage().contains("user id")).verify();
    }
}
