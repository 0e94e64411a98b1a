package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.documents.DocsClient.Reply;
import dev.vellum.store.Ids;
import dev.vellum.users.AppUserStore;
import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** populate through HTTP and AsyncDb: every target rule, lists, _id/_ids, missing keys and privacy. */
class PopulateIntegrationTest extends DocumentsTestBase {

    @Autowired
    AppUserStore users;

    @Autowired
    DatabaseClient db;

    @Autowired
    AsyncDbFactory dbs;

    private DocsClient s;
    private String posts;

    @BeforeEach
    void setUp() {
        s = service();
        posts = freshCollection();
    }

    private String id(JsonNode doc) {
        return doc.get("id").asString();
    }

    /** A fresh collection with a name of the given stem, so name rules can be tested without clashes. */
    private static String stem() {
        return "p" + Ids.newKey().substring(0, 10);
    }

    private String appUser(String name) {
        String id = Ids.newKey();
        users.insert(projectId(), id, freshEmail(), "not-a-hash",
                (ObjectNode) DocsClient.JSON.readTree("{\"name\": \"" + name + "\"}")).block();
        return id;
    }

    private DocsClient signedIn(String userId) {
        return new DocsClient(http, PUBLIC_KEY, userToken(projectId(), userId), userId);
    }

    private void references(String collection, String json) {
        db.sql("update collections set settings = jsonb_set(settings, '{references}', $1::jsonb)"
                        + " where project_id = $2 and name = $3")
                .bind(0, Json.of(json)).bind(1, projectId()).bind(2, collection)
                .fetch().rowsUpdated().block();
    }

    @Test
    void explicit_target_replaces_a_key_and_a_list_of_keys() {
        String people = freshCollection();
        String ada = id(s.create(people, "{\"name\": \"Ada\"}"));
        String bob = id(s.create(people, "{\"name\": \"Bob\"}"));
        String post = id(s.create(posts, "{\"title\": \"T\", \"writer\": \"" + ada + "\", \"editors\": [\""
                + bob + "\", \"missing\", \"" + ada + "\"]}"));
        Reply got = s.get(doc(posts, post) + "?populate=writer:" + people + ",editors:" + people);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().at("/writer/name").asString()).isEqualTo("Ada");
        assertThat(got.body().at("/writer/id").asString()).isEqualTo(ada);
        assertThat(got.body().get("editors")).hasSize(2);
        assertThat(got.body().at("/editors/0/name").asString()).isEqualTo("Bob");
        assertThat(got.body().at("/editors/1/name").asString()).isEqualTo("Ada");
        assertThat(got.body().get("title").asString()).isEqualTo("T");
    }

    @Test
    void a_missing_key_becomes_null_and_a_non_key_value_is_left_alone() {
        String people = freshCollection();
        s.create(people, "{\"name\": \"Ada\"}");
        s.create(posts, "{\"n\": 1, \"writer\": \"nobody\"}");
        s.create(posts, "{\"n\": 2, \"writer\": 42}");
        s.create(posts, "{\"n\": 3, \"writer\": {\"name\": \"inline\"}}");
        s.create(posts, "{\"n\": 4}");
        JsonNode data = s.get(docs(posts) + "?sort=n&populate=writer:" + people).body().get("data");
        assertThat(data.get(0).get("writer").isNull()).isTrue();
        assertThat(data.get(1).get("writer").asInt()).isEqualTo(42);
        assertThat(data.get(2).at("/writer/name").asString()).isEqualTo("inline");
        assertThat(data.get(3).has("writer")).isFalse();
    }

    @Test
    void an_unknown_explicit_target_is_404_even_for_an_empty_page() {
        s.create(posts, "{\"writer\": \"x\"}");
        Reply reply = s.get(docs(posts) + "?populate=writer:" + freshCollection());
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(s.get(docs(posts) + "?n=99&populate=writer:" + freshCollection()).errorCode())
                .isEqualTo("COLLECTION_NOT_FOUND");
    }

    @Test
    void the_collections_references_setting_is_the_target_when_populate_names_none() {
        String people = freshCollection();
        String ada = id(s.create(people, "{\"name\": \"Ada\"}"));
        String post = id(s.create(posts, "{\"author\": \"" + ada + "\", \"reviewer\": \"" + ada + "\"}"));
        references(posts, "{\"author\": \"" + people + "\", \"reviewer\": \"" + freshCollection() + "\"}");
        JsonNode got = s.get(doc(posts, post) + "?populate=author,reviewer").body();
        // the setting wins over the app-users rule for author
        assertThat(got.at("/author/name").asString()).isEqualTo("Ada");
        // a setting naming a collection that does not exist leaves the field as stored
        assertThat(got.get("reviewer").asString()).isEqualTo(ada);
    }

    @Test
    void author_user_owner_and_creator_resolve_to_app_users_shown_in_full_to_a_secret_key() {
        String ada = appUser("Ada");
        String post = id(s.create(posts, "{\"author\": \"" + ada + "\", \"owner_id\": \"" + ada
                + "\", \"user\": \"ghost\", \"creator\": [\"" + ada + "\", \"ghost\"]}"));
        JsonNode got = s.get(doc(posts, post) + "?populate=author,owner,user,creator").body();
        JsonNode author = got.get("author");
        assertThat(List.copyOf(author.propertyNames()))
                .containsExactly("id", "email", "roles", "data", "created_at", "updated_at");
        assertThat(author.get("id").asString()).isEqualTo(ada);
        assertThat(author.at("/data/name").asString()).isEqualTo("Ada");
        assertThat(author.toString()).doesNotContain("not-a-hash").doesNotContain("password");
        assertThat(got.get("owner_id").asString()).isEqualTo(ada);
        assertThat(got.at("/owner/id").asString()).isEqualTo(ada);
        assertThat(got.get("user").isNull()).isTrue();
        assertThat(got.get("creator")).hasSize(1);
    }

    @Test
    void a_signed_in_user_sees_app_users_as_a_public_profile() {
        String ada = appUser("Ada");
        String bob = appUser("Bob");
        DocsClient asBob = signedIn(bob);
        String post = id(asBob.create(posts, "{\"author\": \"" + ada + "\", \"owner_id\": \"" + bob + "\"}"));
        JsonNode got = asBob.get(doc(posts, post) + "?populate=author,owner").body();
        assertThat(got.get("author").toString()).isEqualTo("{\"id\":\"" + ada + "\"}");
        assertThat(got.get("owner").toString()).isEqualTo("{\"id\":\"" + bob + "\"}");
    }

    @Test
    void public_user_fields_add_those_data_fields_to_populated_profiles_and_nothing_else() {
        String ada = appUser("Ada");
        String bob = appUser("Bob");
        DocsClient asBob = signedIn(bob);
        String post = id(asBob.create(posts, "{\"author\": \"" + ada + "\"}"));
        db.sql("update app_users set data = data || '{\"secret\": \"hidden\"}'::jsonb, roles = '[\"admin\"]'::jsonb where id = $1")
                .bind(0, ada).fetch().rowsUpdated().block();
        db.sql("update projects set settings = jsonb_set(settings, '{public_user_fields}', '[\"name\"]') where id = $1")
                .bind(0, projectId()).fetch().rowsUpdated().block();
        String expected = "{\"id\":\"" + ada + "\",\"data\":{\"name\":\"Ada\"}}";
        try {
            JsonNode got = asBob.get(doc(posts, post) + "?populate=author").body();
            assertThat(got.get("author").toString()).isEqualTo(expected);
            AsyncDb asyncDb = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.PUBLIC, bob));
            asyncDb.getDocument(posts, post, List.of("author")).map(doc -> doc.get("author").toString())
                    .as(StepVerifier::create).expectNext(expected).verifyComplete();
            // a secret key still sees the whole user
            assertThat(s.get(doc(posts, post) + "?populate=author").body().at("/author/data/secret").asString())
                    .isEqualTo("hidden");
        } finally {
            db.sql("update projects set settings = settings - 'public_user_fields' where id = $1")
                    .bind(0, projectId()).fetch().rowsUpdated().block();
        }
        assertThat(asBob.get(doc(posts, post) + "?populate=author").body().get("author").toString())
                .isEqualTo("{\"id\":\"" + ada + "\"}");
    }

    @Test
    void the_name_rule_tries_the_field_name_then_its_plural() {
        String base = stem();
        String box = id(s.create(base + "boxes", "{\"label\": \"box\"}"));
        String plural = id(s.create(base + "categories", "{\"label\": \"plural\"}"));
        String other = stem();
        String singular = id(s.create(other + "category", "{\"label\": \"singular\"}"));
        s.create(other + "categories", "{\"label\": \"plural\"}");
        String post = id(s.create(posts, "{\"" + base + "box\": \"" + box + "\", \"" + base + "category\": \""
                + plural + "\", \"" + other + "category\": \"" + singular + "\", \"stuff\": \"k\"}"));
        JsonNode got = s.get(doc(posts, post) + "?populate=" + base + "box," + base + "category," + other
                + "category,stuff").body();
        assertThat(got.at("/" + base + "box/label").asString()).isEqualTo("box");
        assertThat(got.at("/" + base + "category/label").asString()).isEqualTo("plural");
        // the field's own name wins over its plural
        assertThat(got.at("/" + other + "category/label").asString()).isEqualTo("singular");
        // no collection named stuff or stuffs: unchanged
        assertThat(got.get("stuff").asString()).isEqualTo("k");
    }

    @Test
    void field_id_and_field_ids_add_the_field_and_keep_the_ids() {
        String base = stem();
        String tags = base + "tags";
        String a = id(s.create(tags, "{\"t\": \"a\"}"));
        String b = id(s.create(tags, "{\"t\": \"b\"}"));
        String one = id(s.create(posts, "{\"" + base + "tag_id\": \"" + a + "\"}"));
        String many = id(s.create(posts, "{\"" + base + "tag_ids\": [\"" + a + "\", \"gone\", \"" + b + "\"]}"));
        String both = id(s.create(posts, "{\"" + base + "tag\": \"" + b + "\", \"" + base + "tag_id\": \"" + a + "\"}"));
        JsonNode gotOne = s.get(doc(posts, one) + "?populate=" + base + "tag").body();
        assertThat(gotOne.get(base + "tag_id").asString()).isEqualTo(a);
        assertThat(gotOne.at("/" + base + "tag/t").asString()).isEqualTo("a");
        JsonNode gotMany = s.get(doc(posts, many) + "?populate=" + base + "tag").body();
        assertThat(gotMany.get(base + "tag_ids")).hasSize(3);
        assertThat(gotMany.get(base + "tag")).hasSize(2);
        assertThat(gotMany.at("/" + base + "tag/1/t").asString()).isEqualTo("b");
        // the field itself wins over field_id
        JsonNode gotBoth = s.get(doc(posts, both) + "?populate=" + base + "tag").body();
        assertThat(gotBoth.at("/" + base + "tag/t").asString()).isEqualTo("b");
        assertThat(gotBoth.get(base + "tag_id").asString()).isEqualTo(a);
        // populate may name the id field itself: it is replaced in place, target from its base name
        JsonNode inPlace = s.get(doc(posts, one) + "?populate=" + base + "tag_id").body();
        assertThat(inPlace.at("/" + base + "tag_id/t").asString()).isEqualTo("a");
    }

    @Test
    void a_user_never_receives_another_users_document_through_populate() {
        DocsClient alice = newUser();
        DocsClient bob = newUser();
        String people = freshCollection();
        String alicesSecret = id(alice.create(people, "{\"secret\": \"alice's\"}"));
        String bobsOwn = id(bob.create(people, "{\"mine\": true}"));
        String post = id(bob.create(posts, "{\"ref\": \"" + alicesSecret + "\", \"refs\": [\"" + alicesSecret
                + "\", \"" + bobsOwn + "\"]}"));
        Reply got = bob.get(doc(posts, post) + "?populate=ref:" + people + ",refs:" + people);
        assertThat(got.body().toString()).doesNotContain("alice's");
        assertThat(got.body().get("ref").isNull()).isTrue();
        assertThat(got.body().get("refs")).hasSize(1);
        assertThat(got.body().at("/refs/0/id").asString()).isEqualTo(bobsOwn);
        Reply page = bob.get(docs(posts) + "?populate=ref:" + people);
        assertThat(page.body().toString()).doesNotContain("alice's");
        Reply one = bob.get("/v1/collections/" + posts + "/find_one?populate=refs:" + people);
        assertThat(one.body().get("refs")).hasSize(1);
        // the secret key sees both
        assertThat(s.get(doc(posts, post) + "?populate=refs:" + people).body().get("refs")).hasSize(2);
    }

    @Test
    void query_and_find_one_populate_every_document_of_the_page() {
        String people = freshCollection();
        String ada = id(s.create(people, "{\"name\": \"Ada\"}"));
        String bob = id(s.create(people, "{\"name\": \"Bob\"}"));
        for (int i = 0; i < 5; i++) {
            s.create(posts, "{\"n\": " + i + ", \"writer\": \"" + (i % 2 == 0 ? ada : bob) + "\"}");
        }
        Reply page = s.get(docs(posts) + "?sort=n&select=n,writer&populate=writer:" + people);
        List<String> names = new java.util.ArrayList<>();
        page.body().get("data").forEach(d -> names.add(d.at("/writer/name").asString()));
        assertThat(names).containsExactly("Ada", "Bob", "Ada", "Bob", "Ada");
        Reply one = s.get("/v1/collections/" + posts + "/find_one?n=1&populate=writer:" + people);
        assertThat(one.body().at("/writer/name").asString()).isEqualTo("Bob");
    }

    @Test
    void populate_through_async_db() {
        AsyncDb asyncDb = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
        String people = freshCollection();
        String ada = id(s.create(people, "{\"name\": \"Ada\"}"));
        String post = id(s.create(posts, "{\"writer_id\": \"" + ada + "\"}"));
        asyncDb.getDocument(posts, post, List.of("writer:" + people))
                .map(doc -> doc.at("/writer/name").asString())
                .as(StepVerifier::create).expectNext("Ada").verifyComplete();
        asyncDb.query(posts, null, QueryOptions.defaults().populate("writer:" + people))
                .map(p -> p.data().get(0).at("/writer/name").asString())
                .as(StepVerifier::create).expectNext("Ada").verifyComplete();
        asyncDb.findOne(posts, null, List.of("writer:" + people))
                .map(doc -> doc.at("/writer/name").asString())
                .as(StepVerifier::create).expectNext("Ada").verifyComplete();
        asyncDb.getDocument(posts, post, List.of("writer:" + freshCollection()))
                .as(StepVerifier::create)
                .verifyErrorMatches(e -> e instanceof dev.vellum.error.VellumException v
                        && v.code() == dev.vellum.error.ErrorCode.COLLECTION_NOT_FOUND);
    }

    @Test
    void bad_populate_values_are_validation_errors() {
        String post = id(s.create(posts, "{\"a\": 1}"));
        for (String bad : List.of("a.b", "_version", "id", "a,a", "a:Bad", ",", "a:")) {
            Reply reply = s.get(doc(posts, post) + "?populate=" + bad);
            assertThat(reply.status()).as(bad).isEqualTo(400);
            assertThat(reply.errorCode()).as(bad).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(s.get("/v1/collections/" + posts + "/count?populate=a").errorCode()).isEqualTo("VALIDATION_ERROR");
    }
}
