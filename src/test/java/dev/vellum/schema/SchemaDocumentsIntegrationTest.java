package dev.vellum.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The documents REST writes (POST single and array, PATCH, PUT) under a collection schema. */
class SchemaDocumentsIntegrationTest extends SchemaTestBase {

    @BeforeEach
    void products() {
        setSchema(c, PRODUCT);
    }

    private String docs() {
        return "/v1/collections/" + c + "/documents";
    }

    private String created(String body) {
        Reply reply = call(HttpMethod.POST, docs(), body);
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(201);
        return reply.body().get("id").asString();
    }

    private String stored(String id) {
        Reply reply = call(HttpMethod.GET, docs() + "/" + id, null);
        assertThat(reply.status()).isEqualTo(200);
        return reply.body().get("title").asString() + " " + reply.body().get("price") + " v" + reply.body().get("_version");
    }

    @Test
    void a_post_stores_a_conforming_document_and_refuses_a_violating_one() {
        created("{'title': 'Kettle', 'price': 30}");

        assertRefused(call(HttpMethod.POST, docs(), "{'title': 7, 'price': 30}"), "/title");
        assertThat(all(c)).containsExactly(parse("{'title': 'Kettle', 'price': 30}"));
    }

    @Test
    void a_post_of_an_array_is_all_or_nothing() {
        Reply refused = call(HttpMethod.POST, docs(), "[{'title': 'A', 'price': 1}, {'title': 'B', 'price': 2, 'tags': ['a', 'b', 'c']}]");

        assertRefused(refused, "/tags");
        assertThat(refused.body().at("/error/details/index").asInt()).isEqualTo(1);
        assertThat(all(c)).isEmpty();

        assertThat(call(HttpMethod.POST, docs(), "[{'title': 'A', 'price': 1}, {'title': 'B', 'price': 2}]").status()).isEqualTo(201);
        assertThat(all(c)).hasSize(2);
    }

    @Test
    void a_patch_is_checked_on_the_merged_document_and_leaves_it_unchanged_when_refused() {
        String id = created("{'title': 'Kettle', 'price': 30}");

        Reply refused = call(HttpMethod.PATCH, docs() + "/" + id, "{'price': -3}");
        assertRefused(refused, "/price");
        assertThat(refused.body().at("/error/details/key").asString()).isEqualTo(id);
        assertRefused(call(HttpMethod.PATCH, docs() + "/" + id, "{'title': null}"), "/title");
        assertThat(stored(id)).isEqualTo("Kettle 30 v1");

        assertThat(call(HttpMethod.PATCH, docs() + "/" + id, "{'price': 25}").status()).isEqualTo(200);
        assertThat(stored(id)).isEqualTo("Kettle 25 v2");
    }

    @Test
    void a_put_is_checked_on_the_new_body() {
        String id = created("{'title': 'Kettle', 'price': 30}");

        assertRefused(call(HttpMethod.PUT, docs() + "/" + id, "{'price': 30}"), "/title");
        assertRefused(call(HttpMethod.PUT, docs() + "/" + id, "{'title': 'Kettle', 'price': 30, 'stock': 1.5}", "If-Match", "\"1\""),
                "/stock");
        assertThat(stored(id)).isEqualTo("Kettle 30 v1");

        assertThat(call(HttpMethod.PUT, docs() + "/" + id, "{'title': 'Teapot', 'price': 12}").status()).isEqualTo(200);
        assertThat(stored(id)).isEqualTo("Teapot 12 v2");
    }
}
