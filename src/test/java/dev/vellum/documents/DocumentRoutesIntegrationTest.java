package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.documents.DocsClient.Reply;
import dev.vellum.support.Ops;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

class DocumentRoutesIntegrationTest extends DocumentsTestBase {

    private DocsClient s;
    private String c;

    @BeforeEach
    void setUp() {
        s = service();
        c = freshCollection();
    }

    /** Creates n documents {"n": i} in one batch (so they share created_at) and returns their ids in order. */
    private List<String> seed(int n) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"n\": ").append(i).append(", \"tag\": \"t").append(i % 3).append("\"}");
        }
        Reply reply = s.post(docs(c), body.append("]").toString());
        assertThat(reply.status()).isEqualTo(201);
        List<String> ids = new ArrayList<>();
        reply.body().forEach(d -> ids.add(d.get("id").asString()));
        return ids;
    }

    @Test
    void create_one_answers_201_with_the_system_fields_first_and_nested_dotted_keys() {
        Reply reply = s.post(docs(c), "{\"title\": \"Hello\", \"author.name\": \"Ada\", \"price\": 3.14159265358979323846}");
        assertThat(reply.status()).isEqualTo(201);
        JsonNode doc = reply.body();
        assertThat(doc.get("id").asString()).matches("[0-9a-f]{32}");
        assertThat(doc.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(doc.get("updated_at").asString()).isEqualTo(doc.get("created_at").asString());
        assertThat(doc.get("_version").asLong()).isEqualTo(1);
        assertThat(doc.get("_userkey").isNull()).isTrue();
        assertThat(doc.at("/author/name").asString()).isEqualTo("Ada");
        assertThat(doc.get("price").decimalValue()).isEqualByComparingTo("3.14159265358979323846");
        assertThat(List.copyOf(doc.propertyNames()).subList(0, 5))
                .containsExactly("id", "created_at", "updated_at", "_version", "_userkey");
        assertThat(doc.has("_key")).isFalse();
    }

    @Test
    void create_an_array_answers_201_with_the_documents_in_order() {
        Reply reply = s.post(docs(c), "[{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(reply.body().get(i).get("n").asInt()).isEqualTo(i + 1);
        }
        assertThat(s.get("/v1/collections/" + c + "/count").body().get("count").asLong()).isEqualTo(3);
    }

    @Test
    void writes_of_system_names_underscore_fields_and_non_objects_are_validation_errors() {
        for (String body : List.of("{\"id\": \"x\"}", "{\"created_at\": 1}", "{\"updated_at\": 1}", "{\"id.x\": 1}",
                "{\"_version\": 2}", "{\"_key\": \"k\"}", "{\"&updated_at\": \"@now()\"}")) {
            Reply reply = s.post(docs(c), body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(s.post(docs(c), "{\"id\": \"x\"}").body().at("/error/details/field").asString()).isEqualTo("id");
        assertThat(s.post(docs(c), "\"text\"").status()).isEqualTo(400);
        assertThat(s.post(docs(c), "[]").status()).isEqualTo(400);
        Reply mixed = s.post(docs(c), "[{\"a\": 1}, 2]");
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.body().at("/error/details/field").asString()).isEqualTo("[1]");
        assertThat(s.post(docs(c), "[{\"a\": 1}, {\"created_at\": 2}]").body().at("/error/details/field").asString())
                .isEqualTo("created_at");
        assertThat(s.post(docs(c), "{\"a\": 1, \"a.b\": 2}").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.post(docs(c) + "?x=1", "{\"a\": 1}").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.post("/v1/collections/Bad-Name/documents", "{\"a\": 1}").errorCode()).isEqualTo("VALIDATION_ERROR");
        // nothing was stored by any of these
        assertThat(s.get("/v1/collections/" + c + "/count").status()).isEqualTo(404);
    }

    @Test
    void nested_underscore_fields_and_server_timestamps_are_allowed() {
        JsonNode doc = s.create(c, "{\"meta\": {\"_raw\": 1}, \"&seen_at\": \"@now()\"}");
        assertThat(doc.at("/meta/_raw").asInt()).isEqualTo(1);
        assertThat(doc.get("seen_at").asString()).isEqualTo(doc.get("created_at").asString());
    }

    @Test
    void documents_deeper_than_32_levels_are_refused() {
        String deepest = "{\"a\": ".repeat(32) + "1" + "}".repeat(32);
        assertThat(s.post(docs(c), deepest).status()).isEqualTo(201);
        String tooDeep = "{\"a\": ".repeat(33) + "1" + "}".repeat(33);
        assertThat(s.post(docs(c), tooDeep).errorCode()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void query_defaults_to_ten_oldest_first_with_total_and_has_more() {
        List<String> first = seed(7);
        List<String> second = seed(7);
        Reply page = s.get(docs(c));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("total").asLong()).isEqualTo(14);
        assertThat(page.body().get("has_more").asBoolean()).isTrue();
        // the first batch (one created_at) comes first, ties broken by id ascending
        List<String> expected = new ArrayList<>(first.stream().sorted().toList());
        expected.addAll(second.stream().sorted().toList().subList(0, 3));
        assertThat(page.ids()).isEqualTo(expected);
        assertThat(List.copyOf(page.body().propertyNames())).containsExactly("data", "total", "count_estimated", "has_more");
    }

    @Test
    void limit_and_offset_page_through_and_has_more_turns_false_on_the_last_page() {
        seed(25);
        List<String> all = new ArrayList<>();
        for (int offset = 0; offset < 25; offset += 10) {
            Reply page = s.get(docs(c) + "?limit=10&offset=" + offset + "&sort=n");
            assertThat(page.body().get("total").asLong()).isEqualTo(25);
            assertThat(page.body().get("has_more").asBoolean()).isEqualTo(offset + 10 < 25);
            all.addAll(page.ids());
        }
        assertThat(all).hasSize(25).doesNotHaveDuplicates();
        Reply past = s.get(docs(c) + "?offset=100");
        assertThat(past.body().get("data")).isEmpty();
        assertThat(past.body().get("total").asLong()).isEqualTo(25);
        assertThat(past.body().get("has_more").asBoolean()).isFalse();
        Reply exact = s.get(docs(c) + "?limit=5&offset=20");
        assertThat(exact.body().get("data")).hasSize(5);
        assertThat(exact.body().get("has_more").asBoolean()).isFalse();
    }

    @Test
    void sort_and_order_by_a_body_field_and_by_system_fields() {
        List<String> ids = seed(5);
        Reply desc = s.get(docs(c) + "?sort=n&order=desc");
        List<Integer> ns = new ArrayList<>();
        desc.body().get("data").forEach(d -> ns.add(d.get("n").asInt()));
        assertThat(ns).containsExactly(4, 3, 2, 1, 0);
        assertThat(s.get(docs(c) + "?sort=id").ids()).isEqualTo(ids.stream().sorted().toList());
        assertThat(s.get(docs(c) + "?sort=id&order=DESC").ids()).isEqualTo(ids.stream().sorted(java.util.Comparator.reverseOrder()).toList());
        String touched = ids.get(2);
        assertThat(s.patch(doc(c, touched), "{\"x\": 1}", null).status()).isEqualTo(200);
        assertThat(s.get(docs(c) + "?sort=updated_at&order=desc&limit=1").ids()).containsExactly(touched);
        assertThat(s.get(docs(c) + "?sort=created_at&order=desc").body().get("data")).hasSize(5);
    }

    @Test
    void bad_query_parameters_are_validation_errors() {
        seed(1);
        for (String query : List.of("limit=0", "limit=1001", "limit=x", "offset=-1", "order=up", "sort=_key",
                "sort=a..b", "select=_created_at", "select=a,,b", "limit=1&limit=2", "populate=a.b", "populate=author:Bad", "a..b=1")) {
            Reply reply = s.get(docs(c) + "?" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(reply.errorCode()).as(query).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(s.get(docs(c) + "?limit=1000").status()).isEqualTo(200);
        assertThat(s.get("/v1/collections/" + c + "/count?limit=5").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.get("/v1/collections/" + c + "/find_one?select=a").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.get(doc(c, "x") + "?status=x").errorCode()).isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void select_returns_only_the_named_fields_plus_id() {
        s.create(c, "{\"title\": \"T\", \"body\": \"long\", \"author\": {\"name\": \"Ada\", \"age\": 36}, \"tags\": [\"a\"]}");
        s.create(c, "{\"title\": null, \"author\": \"plain string\"}");
        Reply page = s.get(docs(c) + "?select=title,author.name,missing");
        JsonNode first = page.body().get("data").get(0);
        assertThat(List.copyOf(first.propertyNames())).containsExactlyInAnyOrder("id", "title", "author");
        assertThat(first.get("author").toString()).isEqualTo("{\"name\":\"Ada\"}");
        JsonNode second = page.body().get("data").get(1);
        assertThat(List.copyOf(second.propertyNames())).containsExactlyInAnyOrder("id", "title");
        assertThat(second.get("title").isNull()).isTrue();
        JsonNode withTimes = s.get(docs(c) + "?select=created_at,_version,tags").body().get("data").get(0);
        assertThat(List.copyOf(withTimes.propertyNames())).containsExactlyInAnyOrder("id", "created_at", "_version", "tags");
        JsonNode overlapping = s.get(docs(c) + "?select=author.name,author").body().get("data").get(0);
        assertThat(overlapping.at("/author/age").asInt()).isEqualTo(36);
        assertThat(s.get(docs(c) + "?select=id").body().get("data").get(0).size()).isEqualTo(1);
    }

    @Test
    void get_answers_the_document_with_an_etag_or_404() {
        JsonNode created = s.create(c, "{\"a\": 1}");
        Reply got = s.get(doc(c, created.get("id").asString()));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(created);
        assertThat(got.headers().getETag()).isEqualTo("\"1\"");
        Reply missing = s.get(doc(c, "0123456789abcdef0123456789abcdef"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(s.get(doc(freshCollection(), "x")).errorCode()).isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(s.get(docs(freshCollection())).errorCode()).isEqualTo("COLLECTION_NOT_FOUND");
    }

    /**
     * A get by id is rendered by PostgreSQL and sent as text; the listing still goes through a
     * JSON tree. Both must show the same document, field for field and in the same order, for
     * keys that need JSON escapes, body fields with system names, decimals, unicode, array and
     * empty bodies (the KV API writes all of these into the same collection).
     */
    @Test
    void get_by_id_answers_the_same_json_as_the_listing_field_for_field_in_order() {
        String body = "{\"zeta\": 1, \"id\": \"hidden\", \"a\": {\"b\": [1, 2.50, \"x\\\"y\\u0001\"]}, \"updated_at\": 5,"
                + " \"\u00fcn\u00ef\": \"\u00e7\u00f8d\u00e9 \\ud83d\\ude00\", \"big\": 3.14159265358979323846,"
                + " \"tiny\": 1e-40, \"neg\": -0.0, \"t\": true, \"n\": null}";
        kvInsert("q%22uote%5C%C3%A9%2F", body);
        kvInsert("arr", "[1, {\"x\": 2}, \"s\"]");
        kvInsert("empty", "{}");
        kvInsert("only-system-names", "{\"id\": 1, \"created_at\": 2}");
        s.create(c, "{\"title\": \"Hello\", \"author.name\": \"Ada\"}");
        JsonNode listing = s.get(docs(c) + "?limit=100").body().get("data");
        assertThat(listing).hasSize(5);
        for (JsonNode listed : listing) {
            String id = listed.get("id").asString();
            EntityExchangeResult<byte[]> got = http.get()
                    .uri(URI.create("http://127.0.0.1:" + port + doc(c, URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"))))
                    .header("X-Api-Key", SECRET_KEY).exchange().expectStatus().isOk().expectBody().returnResult();
            JsonNode single = DocsClient.JSON.readTree(got.getResponseBody());
            assertThat(single).as(id).isEqualTo(listed);
            assertThat(List.copyOf(single.propertyNames())).as(id).isEqualTo(List.copyOf(listed.propertyNames()));
            assertThat(got.getResponseHeaders().getETag()).isEqualTo("\"" + listed.get("_version").asLong() + "\"");
        }
        JsonNode escaped = s.get(docs(c) + "?limit=100").body().get("data").findParents("zeta").get(0);
        assertThat(escaped.get("id").asString()).isEqualTo("q\"uote\\\u00e9/");
        assertThat(escaped.get("a").get("b").get(2).asString()).isEqualTo("x\"y\u0001");
        assertThat(escaped.has("updated_at") && escaped.get("updated_at").isString()).isTrue();
    }

    private void kvInsert(String encodedKey, String content) {
        http.post().uri(URI.create("http://127.0.0.1:" + port + "/v1/kv/" + c + "/" + encodedKey))
                .header("X-Api-Key", SECRET_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(content.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isCreated();
    }

    @Test
    void find_one_answers_the_oldest_document_or_404() {
        List<String> ids = seed(3);
        Reply one = s.get("/v1/collections/" + c + "/find_one");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.id()).isEqualTo(ids.stream().sorted().findFirst().get());
        String empty = freshCollection();
        JsonNode only = s.create(empty, "{\"a\": 1}");
        s.delete(doc(empty, only.get("id").asString()), null);
        Reply none = s.get("/v1/collections/" + empty + "/find_one");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(s.get("/v1/collections/" + freshCollection() + "/find_one").errorCode()).isEqualTo("COLLECTION_NOT_FOUND");
    }

    @Test
    void put_replaces_the_content_and_keeps_the_system_fields() {
        JsonNode created = s.create(c, "{\"a\": 1, \"b\": {\"c\": 2}}");
        String id = created.get("id").asString();
        Reply put = s.put(doc(c, id), "{\"z\": true, \"n.m\": 1}", null);
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().has("a")).isFalse();
        assertThat(put.body().has("b")).isFalse();
        assertThat(put.body().get("z").asBoolean()).isTrue();
        assertThat(put.body().at("/n/m").asInt()).isEqualTo(1);
        assertThat(put.body().get("_version").asLong()).isEqualTo(2);
        assertThat(put.body().get("created_at")).isEqualTo(created.get("created_at"));
        assertThat(put.headers().getETag()).isEqualTo("\"2\"");
        assertThat(s.get(doc(c, id)).body()).isEqualTo(put.body());
        assertThat(s.put(doc(c, id), "{}", null).body().size()).isEqualTo(5);
    }

    @Test
    void put_with_if_match_is_a_compare_and_swap() {
        String id = s.create(c, "{\"v\": 1}").get("id").asString();
        assertThat(s.put(doc(c, id), "{\"v\": 2}", "\"1\"").status()).isEqualTo(200);
        Reply stale = s.put(doc(c, id), "{\"v\": 3}", "\"1\"");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("CAS_MISMATCH");
        assertThat(s.get(doc(c, id)).body().get("v").asInt()).isEqualTo(2);
        assertThat(s.put(doc(c, id), "{\"v\": 3}", "*").status()).isEqualTo(200);
        assertThat(s.put(doc(c, id), "{\"v\": 4}", "2").errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.put(doc(c, id), "{\"v\": 4}", "W/\"3\"").errorCode()).isEqualTo("VALIDATION_ERROR");
        Reply missing = s.put(doc(c, "nope"), "{\"v\": 1}", "\"1\"");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
    }

    @Test
    void put_validation_and_missing_documents() {
        String id = s.create(c, "{\"v\": 1}").get("id").asString();
        assertThat(s.put(doc(c, id), "{\"id\": \"other\"}", null).errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.put(doc(c, id), "[1]", null).errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.put(doc(c, "nope"), "{\"v\": 1}", null).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(s.put(doc(freshCollection(), "nope"), "{\"v\": 1}", null).errorCode()).isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(s.get(doc(c, id)).body().get("v").asInt()).isEqualTo(1);
    }

    @Test
    void patch_merges_fields_and_dotted_keys_set_nested_fields() {
        String id = s.create(c, "{\"title\": \"T\", \"stock\": {\"count\": 5, \"where\": \"A\"}, \"keep\": 1}").get("id").asString();
        Reply patched = s.patch(doc(c, id), "{\"title\": \"U\", \"stock.count\": 4, \"extra.deep\": true}", null);
        assertThat(patched.status()).isEqualTo(200);
        JsonNode body = patched.body();
        assertThat(body.get("title").asString()).isEqualTo("U");
        assertThat(body.at("/stock/count").asInt()).isEqualTo(4);
        assertThat(body.at("/stock/where").asString()).isEqualTo("A");
        assertThat(body.get("keep").asInt()).isEqualTo(1);
        assertThat(body.at("/extra/deep").asBoolean()).isTrue();
        assertThat(body.get("_version").asLong()).isEqualTo(2);
        assertThat(patched.headers().getETag()).isEqualTo("\"2\"");
        // a whole nested object replaces that field only
        assertThat(s.patch(doc(c, id), "{\"stock\": {\"count\": 0}}", null).body().get("stock").toString())
                .isEqualTo("{\"count\":0}");
    }

    @Test
    void patch_errors() {
        String id = s.create(c, "{\"title\": \"T\"}").get("id").asString();
        assertThat(s.patch(doc(c, "nope"), "{\"a\": 1}", null).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(s.patch(doc(c, id), "{}", null).errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.patch(doc(c, id), "{\"updated_at\": \"x\"}", null).errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(s.patch(doc(c, id), "{\"_x\": 1}", null).errorCode()).isEqualTo("VALIDATION_ERROR");
        Reply notObject = s.patch(doc(c, id), "{\"title.x\": 1}", null);
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(s.patch(doc(c, id), "{\"a\": 1}", "\"7\"").errorCode()).isEqualTo("CAS_MISMATCH");
        assertThat(s.patch(doc(c, id), "{\"a\": 1}", "\"1\"").status()).isEqualTo(200);
        JsonNode now = s.get(doc(c, id)).body();
        assertThat(now.get("title").asString()).isEqualTo("T");
        assertThat(now.get("_version").asLong()).isEqualTo(2);
    }

    @Test
    void delete_answers_deleted_true_then_404() {
        String id = s.create(c, "{\"a\": 1}").get("id").asString();
        assertThat(s.delete(doc(c, id), "\"9\"").errorCode()).isEqualTo("CAS_MISMATCH");
        Reply deleted = s.delete(doc(c, id), "\"1\"");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().toString()).isEqualTo("{\"deleted\":true}");
        assertThat(s.get(doc(c, id)).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        Reply again = s.delete(doc(c, id), null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(s.get("/v1/collections/" + c + "/count").body().get("count").asLong()).isZero();
        assertThat(s.delete(doc(freshCollection(), id), null).errorCode()).isEqualTo("COLLECTION_NOT_FOUND");
    }

    @Test
    void count_answers_the_number_of_documents() {
        seed(12);
        Reply count = s.get("/v1/collections/" + c + "/count");
        assertThat(count.status()).isEqualTo(200);
        assertThat(count.body().toString()).isEqualTo("{\"count\":12}");
        assertThat(s.get("/v1/collections/" + freshCollection() + "/count").errorCode()).isEqualTo("COLLECTION_NOT_FOUND");
    }

    @Test
    void the_datastore_and_the_documents_api_see_the_same_documents() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        JsonNode fromDatastore = ops.insert(c, Map.of("name", "ds", "id", "body-id")).get(0);
        JsonNode viaDocs = s.get(doc(c, fromDatastore.get("_key").asString())).body();
        assertThat(viaDocs.get("name").asString()).isEqualTo("ds");
        // a body field named like a system field of this API is hidden behind the system field
        assertThat(viaDocs.get("id").asString()).isEqualTo(fromDatastore.get("_key").asString());
        assertThat(viaDocs.get("updated_at").asString()).isEqualTo(fromDatastore.get("_modified_at").asString());
        String id = s.create(c, "{\"name\": \"docs\"}").get("id").asString();
        JsonNode found = ops.ok(Ops.op("collection.find", c, "match", Map.of("_key", id)));
        assertThat(found.at("/data/0/name").asString()).isEqualTo("docs");
    }
}
