package dev.vellum.kv;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KvPrivacyIntegrationTest extends IntegrationTest {

    private KvClient alice;
    private KvClient bob;
    private KvClient service;
    private String c;

    @BeforeEach
    void setUp() {
        alice = KvClient.newUser(http, port);
        bob = KvClient.newUser(http, port);
        service = KvClient.secret(http, port);
        c = freshCollection();
    }

    private String doc(String key) {
        return "/v1/kv/" + c + "/" + key;
    }

    /** Alice's document is exactly as she wrote it, at the cas she got. */
    private void assertUntouched(String key, String cas, int v) {
        Reply got = alice.get(doc(key));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.cas()).isEqualTo(cas);
        assertThat(got.body().at("/content/v").asInt()).isEqualTo(v);
    }

    @Test
    void documents_written_with_a_user_token_are_owned_by_the_user() {
        alice.post(doc("a1"), "{\"v\": 1}");
        alice.put(doc("a2"), "[1, 2]");
        JsonNode found = new Ops(http, PUBLIC_KEY, alice.token).ok(op("collection.find", c, "match", Map.of()));
        assertThat(found.get("data")).hasSize(2);
        found.get("data").forEach(d -> assertThat(d.get("_userkey").asString()).isEqualTo(alice.userId));
        assertThat(new Ops(http, PUBLIC_KEY, bob.token).ok(op("collection.find", c, "match", Map.of())).get("data")).isEmpty();
    }

    @Test
    void another_users_document_is_not_found_for_get_replace_and_remove() {
        String cas = alice.post(doc("k"), "{\"v\": 1}").cas();
        assertThat(bob.get(doc("k")).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.put(doc("k"), "{\"v\": 2}", "\"" + cas + "\"").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.put(doc("k") + "?cas=999", "{\"v\": 2}").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.put(doc("k"), "{\"v\": 2}", "*").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.delete(doc("k")).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.delete(doc("k"), "\"" + cas + "\"").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertUntouched("k", cas, 1);
    }

    @Test
    void creating_a_key_another_user_holds_is_document_exists_for_insert_and_upsert() {
        String cas = alice.post(doc("k"), "{\"v\": 1}").cas();
        Reply insert = bob.post(doc("k"), "{\"v\": 2}");
        assertThat(insert.status()).isEqualTo(409);
        assertThat(insert.errorCode()).isEqualTo("DOCUMENT_EXISTS");
        Reply upsert = bob.put(doc("k"), "{\"v\": 2}");
        assertThat(upsert.status()).isEqualTo(409);
        assertThat(upsert.errorCode()).isEqualTo("DOCUMENT_EXISTS");
        assertThat(upsert.body().toString()).doesNotContain(alice.userId);
        assertUntouched("k", cas, 1);
    }

    @Test
    void a_user_can_upsert_replace_and_remove_their_own_document() {
        String cas1 = alice.put(doc("k"), "{\"v\": 1}").cas();
        String cas2 = alice.put(doc("k"), "{\"v\": 2}").cas();
        String cas3 = alice.put(doc("k"), "{\"v\": 3}", "\"" + cas2 + "\"").cas();
        assertThat(alice.put(doc("k"), "{\"v\": 4}", "\"" + cas1 + "\"").errorCode()).isEqualTo("CAS_MISMATCH");
        assertUntouched("k", cas3, 3);
        assertThat(alice.delete(doc("k"), "\"" + cas3 + "\"").status()).isEqualTo(200);
        assertThat(alice.get(doc("k")).status()).isEqualTo(404);
    }

    @Test
    void a_secret_key_sees_every_document_and_keeps_the_owner_when_it_writes() {
        alice.post(doc("k"), "{\"v\": 1}");
        String cas = service.get(doc("k")).cas();
        assertThat(service.put(doc("k"), "{\"v\": 2}", "\"" + cas + "\"").status()).isEqualTo(200);
        assertThat(service.put(doc("k"), "{\"v\": 3}").status()).isEqualTo(200);
        assertThat(alice.get(doc("k")).body().at("/content/v").asInt()).isEqualTo(3);
        JsonNode found = new Ops(http, SECRET_KEY, null).ok(op("collection.find", c, "match", Map.of()));
        assertThat(found.at("/data/0/_userkey").asString()).isEqualTo(alice.userId);
    }

    @Test
    void a_document_written_with_the_secret_key_belongs_to_no_user() {
        String cas = service.post(doc("shared"), "{\"v\": 1}").cas();
        assertThat(alice.get(doc("shared")).status()).isEqualTo(404);
        assertThat(alice.delete(doc("shared")).status()).isEqualTo(404);
        assertThat(alice.post(doc("shared"), "{}").errorCode()).isEqualTo("DOCUMENT_EXISTS");
        assertThat(service.get(doc("shared")).cas()).isEqualTo(cas);
    }

    @Test
    void a_public_key_without_a_token_is_refused_on_every_route() {
        KvClient visitor = new KvClient(http, port, PUBLIC_KEY, null, null);
        assertThat(visitor.get(doc("k")).errorCode()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(visitor.post(doc("k"), "{}").status()).isEqualTo(401);
        assertThat(visitor.put(doc("k"), "{}").status()).isEqualTo(401);
        assertThat(visitor.delete(doc("k")).status()).isEqualTo(401);
    }
}
