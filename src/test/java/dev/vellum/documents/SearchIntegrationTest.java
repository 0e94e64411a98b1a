package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.documents.DocsClient.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** GET /v1/collections/{c}/search and AsyncDb.searchDocuments: ranked full-text search. */
class SearchIntegrationTest extends DocumentsTestBase {

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

    private static String search(String collection, String query) {
        return "/v1/collections/" + collection + "/search?" + query;
    }

    /** The raw term: WebTestClient encodes the URI as a template, so a pre-encoded %XX would arrive as text. */
    private static String q(String term) {
        assertThat(term).doesNotContain("&", "+", "#", "{", "}", "%");
        return "q=" + term;
    }

    private static List<String> ids(Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.body().isArray()).isTrue();
        List<String> ids = new ArrayList<>();
        reply.body().forEach(doc -> ids.add(doc.get("id").asString()));
        return ids;
    }

    @Test
    void the_document_mentioning_the_term_more_ranks_first() {
        String once = id(service, "{\"title\": \"Tips\", \"body\": \"a few words about postgres\"}");
        String thrice = id(service, "{\"title\": \"Postgres\", \"body\": \"postgres indexes, postgres plans\"}");
        id(service, "{\"title\": \"Redis\", \"body\": \"nothing relevant\"}");
        assertThat(ids(service.get(search(c, q("postgres"))))).containsExactly(thrice, once);
    }

    @Test
    void results_are_whole_documents_in_the_documents_api_shape() {
        JsonNode created = service.create(c, "{\"title\": \"Graph theory\", \"meta\": {\"pages\": 3}}");
        JsonNode found = service.get(search(c, q("graph"))).body().get(0);
        assertThat(found).isEqualTo(created);
        assertThat(found.has("created_at")).isTrue();
        assertThat(found.has("updated_at")).isTrue();
    }

    @Test
    void equal_ranks_are_ordered_by_id() {
        List<String> same = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            same.add(id(service, "{\"title\": \"identical text\"}"));
        }
        assertThat(ids(service.get(search(c, q("identical"))))).containsExactlyElementsOf(same.stream().sorted().toList());
    }

    @Test
    void fields_restrict_the_search_to_the_named_fields() {
        String inTitle = id(service, "{\"title\": \"graph databases\", \"body\": \"nothing else\"}");
        String inBody = id(service, "{\"title\": \"other\", \"body\": \"graph graph graph\"}");
        String nested = id(service, "{\"title\": \"x\", \"meta\": {\"summary\": \"a graph\"}}");
        assertThat(ids(service.get(search(c, q("graph") + "&fields=title")))).containsExactly(inTitle);
        assertThat(ids(service.get(search(c, q("graph") + "&fields=body")))).containsExactly(inBody);
        assertThat(ids(service.get(search(c, q("graph") + "&fields=meta.summary")))).containsExactly(nested);
        assertThat(ids(service.get(search(c, q("graph") + "&fields=title,meta.summary")))).containsExactlyInAnyOrder(inTitle, nested);
        // without fields, every string value counts: the body's three mentions win
        assertThat(ids(service.get(search(c, q("graph"))))).hasSize(3).startsWith(inBody);
        assertThat(ids(service.get(search(c, q("graph") + "&fields=")))).hasSize(3).startsWith(inBody);
    }

    @Test
    void strings_in_arrays_and_nested_objects_are_searched_but_not_numbers_or_keys() {
        String tagged = id(service, "{\"tags\": [\"kotlin\", \"java\"], \"stats\": {\"views\": 12345}}");
        assertThat(ids(service.get(search(c, q("kotlin"))))).containsExactly(tagged);
        assertThat(ids(service.get(search(c, q("12345"))))).isEmpty();
        assertThat(ids(service.get(search(c, q("views"))))).isEmpty();
    }

    @Test
    void matching_ignores_case_and_does_not_stem_or_drop_stop_words() {
        String doc = id(service, "{\"title\": \"The Running Man\"}");
        assertThat(ids(service.get(search(c, q("RUNNING"))))).containsExactly(doc);
        assertThat(ids(service.get(search(c, q("the"))))).containsExactly(doc);
        assertThat(ids(service.get(search(c, q("run"))))).isEmpty();
    }

    @Test
    void web_search_syntax_supports_phrases_or_and_exclusion() {
        String fox = id(service, "{\"text\": \"the quick brown fox\"}");
        String dog = id(service, "{\"text\": \"the lazy brown dog\"}");
        assertThat(ids(service.get(search(c, q("\"quick brown\""))))).containsExactly(fox);
        assertThat(ids(service.get(search(c, q("brown -fox"))))).containsExactly(dog);
        assertThat(ids(service.get(search(c, q("fox or dog"))))).containsExactlyInAnyOrder(fox, dog);
        assertThat(ids(service.get(search(c, q("\"unbalanced | ! ( :* <-> 'x"))))).isEmpty();
    }

    @Test
    void limit_caps_the_list_and_defaults_to_twenty() {
        for (int i = 0; i < 25; i++) {
            id(service, "{\"title\": \"many\"}");
        }
        assertThat(ids(service.get(search(c, q("many"))))).hasSize(20);
        assertThat(ids(service.get(search(c, q("many") + "&limit=3")))).hasSize(3);
        assertThat(ids(service.get(search(c, q("many") + "&limit=100")))).hasSize(25);
    }

    @Test
    void a_blank_or_missing_term_answers_an_empty_list() {
        id(service, "{\"title\": \"anything\"}");
        for (String query : List.of("q=", "q=   ", "", "fields=title")) {
            Reply reply = service.get(search(c, query));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body().isArray()).isTrue();
            assertThat(reply.body()).isEmpty();
        }
    }

    @Test
    void a_blank_term_does_not_touch_the_database_even_for_a_missing_collection() {
        assertThat(service.get(search(freshCollection(), "q=")).body()).isEmpty();
        AsyncDb db = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
        db.searchDocuments(freshCollection(), "  ", null, 20).as(StepVerifier::create).verifyComplete();
    }

    @Test
    void a_missing_collection_is_404() {
        Reply reply = service.get(search(freshCollection(), q("x")));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("COLLECTION_NOT_FOUND");
    }

    @Test
    void unknown_parameters_and_invalid_values_are_400() {
        id(service, "{\"title\": \"x\"}");
        for (String query : List.of("q=x&status=published", "q=x&sort=title", "q=x&offset=1", "q=x&limit=0",
                "q=x&limit=101", "q=x&limit=ten", "q=x&fields=id", "q=x&fields=a..b", "q=x&q=y", "q=" + "x".repeat(1001))) {
            Reply reply = service.get(search(c, query));
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.errorCode()).as(query).isEqualTo("VALIDATION_ERROR");
        }
    }

    @Test
    void a_user_finds_only_its_own_documents() {
        DocsClient alice = newUser();
        DocsClient bob = newUser();
        String alices = id(alice, "{\"note\": \"secret plans\"}");
        String bobs = id(bob, "{\"note\": \"secret recipes\"}");
        assertThat(ids(bob.get(search(c, q("secret"))))).containsExactly(bobs);
        assertThat(ids(bob.get(search(c, q("plans"))))).isEmpty();
        assertThat(ids(bob.get(search(c, q("plans") + "&fields=note")))).isEmpty();
        assertThat(ids(alice.get(search(c, q("secret"))))).containsExactly(alices);
        assertThat(ids(service.get(search(c, q("secret"))))).containsExactlyInAnyOrder(alices, bobs);
    }

    @Test
    void async_db_search_emits_the_ranked_documents() {
        String twice = id(service, "{\"a\": \"lorem lorem\"}");
        String once = id(service, "{\"a\": \"lorem\", \"b\": \"ipsum\"}");
        AsyncDb db = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
        db.searchDocuments(c, "lorem").map(doc -> doc.get("id").asString())
                .as(StepVerifier::create).expectNext(twice, once).verifyComplete();
        db.searchDocuments(c, "lorem", List.of("b"), 10).as(StepVerifier::create).verifyComplete();
    }
}
