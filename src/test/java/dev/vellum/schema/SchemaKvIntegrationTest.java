package dev.vellum.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** KV insert, upsert and replace, and {@code mutate_in} (computed in PostgreSQL) under a collection schema. */
class SchemaKvIntegrationTest extends SchemaTestBase {

    @BeforeEach
    void products() {
        setSchema(c, PRODUCT);
    }

    private String kv(String key) {
        return "/v1/kv/" + c + "/" + key;
    }

    private void insert(String key, String content) {
        Reply reply = call(HttpMethod.POST, kv(key), content);
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
    }

    @Test
    void an_insert_is_checked_before_anything_is_written() {
        insert("k1", "{'title': 'Cup', 'price': 2}");

        assertRefused(call(HttpMethod.POST, kv("k2"), "{'title': 'Cup'}"), "/price");
        assertThat(call(HttpMethod.GET, kv("k2"), null).status()).isEqualTo(404);
        assertThat(kvContent(c, "k1")).isEqualTo(parse("{'title': 'Cup', 'price': 2}"));
    }

    @Test
    void an_upsert_and_a_replace_are_checked_and_leave_the_document_unchanged_when_refused() {
        insert("k", "{'title': 'Cup', 'price': 2}");

        assertRefused(call(HttpMethod.PUT, kv("k"), "{'title': 'Cup', 'price': '2'}"), "/price");
        assertRefused(call(HttpMethod.PUT, kv("k"), "{'title': 'Mug'}", "If-Match", "\"1\""), "/price");
        assertRefused(call(HttpMethod.PUT, kv("new"), "[1, 2]"), "");
        Reply read = call(HttpMethod.GET, kv("k"), null);
        assertThat(read.body()).isEqualTo(parse("{'cas': '1', 'content': {'title': 'Cup', 'price': 2}}"));
        assertThat(call(HttpMethod.GET, kv("new"), null).status()).isEqualTo(404);

        assertThat(call(HttpMethod.PUT, kv("k"), "{'title': 'Mug', 'price': 3}", "If-Match", "\"1\"").status()).isEqualTo(200);
        assertThat(kvContent(c, "k")).isEqualTo(parse("{'title': 'Mug', 'price': 3}"));
    }

    @Test
    void mutate_in_is_checked_on_the_document_it_computes() {
        insert("k", "{'title': 'Cup', 'price': 2, 'stock': 9, 'tags': ['a']}");

        assertRefused(call(HttpMethod.POST, kv("k") + "/mutate_in",
                "{'specs': [{'op': 'counter', 'path': 'stock', 'delta': 2}]}"), "/stock");
        assertRefused(call(HttpMethod.POST, kv("k") + "/mutate_in",
                "{'specs': [{'op': 'array_append', 'path': 'tags', 'values': ['b', 'c']}]}"), "/tags");
        assertRefused(call(HttpMethod.POST, kv("k") + "/mutate_in",
                "{'specs': [{'op': 'upsert', 'path': 'price', 'value': 5}, {'op': 'remove', 'path': 'title'}]}"), "/title");
        assertThat(call(HttpMethod.GET, kv("k"), null).body())
                .isEqualTo(parse("{'cas': '1', 'content': {'title': 'Cup', 'price': 2, 'stock': 9, 'tags': ['a']}}"));

        Reply ok = call(HttpMethod.POST, kv("k") + "/mutate_in", "{'specs': [{'op': 'counter', 'path': 'stock', 'delta': 1}]}");
        assertThat(ok.body()).isEqualTo(parse("{'cas': '2', 'results': [{'value': 10}]}"));
    }

    @Test
    void mutate_in_that_would_create_a_violating_document_creates_nothing() {
        assertRefused(call(HttpMethod.POST, kv("fresh") + "/mutate_in",
                "{'store_semantics': 'upsert', 'specs': [{'op': 'upsert', 'path': 'title', 'value': 'Cup'}]}"), "/price");
        assertThat(call(HttpMethod.GET, kv("fresh"), null).status()).isEqualTo(404);

        Reply created = call(HttpMethod.POST, kv("fresh") + "/mutate_in", "{'store_semantics': 'upsert', 'specs': ["
                + "{'op': 'upsert', 'path': 'title', 'value': 'Cup'}, {'op': 'counter', 'path': 'price', 'delta': 4}]}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(200);
        assertThat(kvContent(c, "fresh")).isEqualTo(parse("{'title': 'Cup', 'price': 4}"));
    }

    @Test
    void mutate_in_under_access_rules_is_checked_too() {
        db.sql("update collections set settings = settings || '{\"access\": {\"update\": [{\"who\": \"authenticated\"}]}}'::jsonb"
                + " where project_id = $1 and name = $2").bind(0, projectId).bind(1, c).fetch().rowsUpdated().block();
        access.reload(projectId, c).block();
        String ada = userToken(projectId, "ada_" + c);
        assertThat(callAs(ada, HttpMethod.POST, kv("k"), "{'title': 'Cup', 'price': 2}").status()).isEqualTo(201);

        assertRefused(callAs(ada, HttpMethod.POST, kv("k") + "/mutate_in",
                "{'specs': [{'op': 'upsert', 'path': 'colour', 'value': 'red'}]}"), "/colour");
        assertRefused(callAs(ada, HttpMethod.PUT, kv("k"), "{'title': 'Cup'}"), "/price");
        assertThat(kvContent(c, "k")).isEqualTo(parse("{'title': 'Cup', 'price': 2}"));
        assertThat(callAs(ada, HttpMethod.POST, kv("k") + "/mutate_in",
                "{'specs': [{'op': 'upsert', 'path': 'stock', 'value': 1}]}").status()).isEqualTo(200);
    }
}
