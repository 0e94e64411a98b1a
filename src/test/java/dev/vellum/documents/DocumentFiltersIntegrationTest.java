package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.documents.DocsClient.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Query-string filters on query, find_one and count (the parser is QueryStringParser's; this is the wiring). */
class DocumentFiltersIntegrationTest extends DocumentsTestBase {

    private DocsClient s;
    private String c;
    private List<JsonNode> posts;

    @BeforeEach
    void setUp() {
        s = service();
        c = freshCollection();
        posts = new ArrayList<>();
        s.post(docs(c), "[{\"title\": \"Alpha\", \"status\": \"published\", \"price\": 10, \"tags\": [\"x\", \"y\"]},"
                + "{\"title\": \"beta\", \"status\": \"draft\", \"price\": 100, \"tags\": [\"y\"], \"author\": {\"name\": \"Ada\"}},"
                + "{\"title\": \"Gamma\", \"status\": \"published\", \"price\": 150, \"code\": \"10\"}]")
                .body().forEach(posts::add);
    }

    private List<String> titles(String query) {
        Reply reply = s.get(docs(c) + "?sort=price&" + query);
        assertThat(reply.status()).as(query).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        reply.body().get("data").forEach(d -> titles.add(d.get("title").asString()));
        return titles;
    }

    @Test
    void query_applies_equality_suffixes_and_or_groups() {
        assertThat(titles("status=published")).containsExactly("Alpha", "Gamma");
        assertThat(titles("price_gte=100")).containsExactly("beta", "Gamma");
        assertThat(titles("price_gt=10&status=published")).containsExactly("Gamma");
        assertThat(titles("tags_contains=x")).containsExactly("Alpha");
        assertThat(titles("title_startswith=ga")).containsExactly("Gamma");
        assertThat(titles("author.name=Ada")).containsExactly("beta");
        assertThat(titles("status_in=draft,published&price_lt=150")).containsExactly("Alpha", "beta");
        assertThat(titles("[or]price_lt=50&[or]status=draft")).containsExactly("Alpha", "beta");
        assertThat(titles("author_isnull=true")).containsExactly("Alpha", "Gamma");
        // "10" coerces to a number, so it does not match the string "10" (type-bracketed)
        assertThat(titles("code=10")).isEmpty();
    }

    @Test
    void every_suffix_named_or_groups_and_forced_strings_work_through_http() {
        assertThat(titles("status_eq=draft")).containsExactly("beta");
        assertThat(titles("status_ne=draft")).containsExactly("Alpha", "Gamma");
        assertThat(titles("price_lte=100")).containsExactly("Alpha", "beta");
        assertThat(titles("status_notin=draft,archived")).containsExactly("Alpha", "Gamma");
        assertThat(titles("title_contains=AMM")).containsExactly("Gamma");
        assertThat(titles("title_endswith=TA")).containsExactly("beta");
        assertThat(titles("tags_startswith=y")).containsExactly("Alpha", "beta");
        assertThat(titles("author_isnull=false")).containsExactly("beta");
        // the quotes force a string: "10" matches the string, not the number 10
        assertThat(titles("code=\"10\"")).containsExactly("Gamma");
        assertThat(titles("price=10")).containsExactly("Alpha");
        // each named group is its own OR; groups and plain keys are ANDed
        assertThat(titles("[or:a]price=10&[or:a]price=150&[or:b]status=published&[or:b]title=beta"))
                .containsExactly("Alpha", "Gamma");
        assertThat(titles("[or:a]price=10&[or:a]price=100&[or:b]status=draft")).containsExactly("beta");
    }

    @Test
    void total_and_has_more_count_the_filtered_matches() {
        Reply page = s.get(docs(c) + "?status=published&limit=1");
        assertThat(page.body().get("total").asLong()).isEqualTo(2);
        assertThat(page.body().get("has_more").asBoolean()).isTrue();
    }

    @Test
    void the_id_alias_filters_on_the_key() {
        String id = posts.get(1).get("id").asString();
        assertThat(titles("id=" + id)).containsExactly("beta");
        assertThat(s.get("/v1/collections/" + c + "/find_one?id=" + id).body().get("title").asString()).isEqualTo("beta");
        assertThat(s.get("/v1/collections/" + c + "/count?created_at_gte=2000-01-01").body().get("count").asLong()).isEqualTo(3);
    }

    @Test
    void find_one_and_count_take_filters() {
        Reply one = s.get("/v1/collections/" + c + "/find_one?status=draft");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("title").asString()).isEqualTo("beta");
        assertThat(s.get("/v1/collections/" + c + "/find_one?status=archived").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(s.get("/v1/collections/" + c + "/count?status=published").body().get("count").asLong()).isEqualTo(2);
        assertThat(s.get("/v1/collections/" + c + "/count?price_gte=1000").body().get("count").asLong()).isZero();
    }

    @Test
    void invalid_filters_are_validation_errors() {
        for (String query : List.of("a..b=1", "author_isnull=maybe", "_nope=1", "status_in=" + ",".repeat(1001))) {
            Reply reply = s.get(docs(c) + "?" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.errorCode()).as(query).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(s.get("/v1/collections/" + c + "/count?a..b=1").errorCode()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void filters_never_reach_another_users_documents() {
        DocsClient alice = newUser();
        DocsClient bob = newUser();
        String mine = freshCollection();
        alice.create(mine, "{\"status\": \"secret\"}");
        assertThat(bob.get("/v1/collections/" + mine + "/count?status=secret").body().get("count").asLong()).isZero();
        assertThat(bob.get(docs(mine) + "?status=secret").body().get("total").asLong()).isZero();
        assertThat(bob.get("/v1/collections/" + mine + "/find_one?status=secret").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(alice.get("/v1/collections/" + mine + "/count?status=secret").body().get("count").asLong()).isEqualTo(1);
    }
}
