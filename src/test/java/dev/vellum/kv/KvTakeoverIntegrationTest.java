package dev.vellum.kv;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A create by one user never takes over a key another user archived or deleted under a ref: it
 * answers 409 DOCUMENT_EXISTS (as for a live document, so nothing leaks) and the owner's restore
 * still brings the document back.
 */
class KvTakeoverIntegrationTest extends IntegrationTest {

    private KvClient alice;
    private KvClient bob;
    private String c;

    @BeforeEach
    void setUp() {
        alice = KvClient.newUser(http, port);
        bob = KvClient.newUser(http, port);
        c = freshCollection();
    }

    @ParameterizedTest
    @ValueSource(strings = {"archive", "delete"})
    void another_users_create_does_not_take_over_a_hidden_document_and_the_restore_still_works(String verb) {
        String doc = "/v1/kv/" + c + "/k";
        alice.post(doc, "{\"v\": 1}");
        Ops aliceOps = new Ops(http, PUBLIC_KEY, alice.token);
        String ref = aliceOps.ok(op("collection." + verb, c, "match", Map.of("v", 1))).at("/data/_ref").asString();

        Reply insert = bob.post(doc, "{\"v\": 2}");
        Reply upsert = bob.put(doc, "{\"v\": 2}");
        Reply mkdoc = bob.mutateIn(doc, "{\"store_semantics\": \"upsert\", \"specs\": [{\"op\": \"upsert\", \"path\": \"v\", \"value\": 2}]}");
        Reply add = bob.mutateIn(doc, "{\"store_semantics\": \"insert\", \"specs\": [{\"op\": \"upsert\", \"path\": \"v\", \"value\": 2}]}");
        for (Reply reply : new Reply[] {insert, upsert, mkdoc, add}) {
            assertThat(reply.status()).isEqualTo(409);
            assertThat(reply.errorCode()).isEqualTo("DOCUMENT_EXISTS");
            assertThat(reply.body().toString()).doesNotContain(alice.userId);
        }
        assertThat(bob.get(doc).status()).isEqualTo(404);

        aliceOps.ok(op("collection.restore", c, "match", Map.of("_ref", ref)));
        Reply restored = alice.get(doc);
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.body().at("/content/v").asInt()).isEqualTo(1);
    }

    @Test
    void a_kv_remove_leaves_nothing_to_restore_so_anyone_may_create_the_key_again() {
        String doc = "/v1/kv/" + c + "/gone";
        alice.post(doc, "{\"v\": 1}");
        assertThat(alice.delete(doc).status()).isEqualTo(200);
        assertThat(bob.post(doc, "{\"v\": 2}").status()).isEqualTo(201);
        assertThat(bob.get(doc).body().at("/content/v").asInt()).isEqualTo(2);
    }

    @Test
    void the_owner_and_a_secret_key_may_still_write_over_an_archived_document() {
        String doc = "/v1/kv/" + c + "/mine";
        alice.post(doc, "{\"v\": 1}");
        new Ops(http, PUBLIC_KEY, alice.token).ok(op("collection.archive", c, "match", Map.of("v", 1)));
        assertThat(alice.post(doc, "{\"v\": 2}").status()).isEqualTo(201);
        new Ops(http, PUBLIC_KEY, alice.token).ok(op("collection.archive", c, "match", Map.of("v", 2)));
        assertThat(KvClient.secret(http, port).put(doc, "{\"v\": 3}").status()).isEqualTo(200);
    }
}
