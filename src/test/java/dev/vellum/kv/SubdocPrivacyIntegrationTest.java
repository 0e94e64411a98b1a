package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.TokenService;
import dev.vellum.kv.KvClient.Reply;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Owner rules for lookup_in and mutate_in: another user's document does not exist for you. */
class SubdocPrivacyIntegrationTest extends SubdocHttpTest {

    private static final String FAX = "{\"op\": \"upsert\", \"path\": \"fax\", \"value\": \"311-555-0151\"}";

    @Autowired
    TokenService tokenService;
    @Autowired
    ApiKeyStore apiKeyStore;

    private KvClient alice;
    private KvClient bob;

    @BeforeEach
    void users() {
        alice = user();
        bob = user();
    }

    private KvClient user() {
        long projectId = apiKeyStore.find(PUBLIC_KEY).block().projectId();
        String userId = "user_" + UUID.randomUUID().toString().replace("-", "");
        String token = userToken(projectId, userId);
        return new KvClient(http, port, PUBLIC_KEY, token, userId);
    }

    /** Alice's customer123, created with her token; returns its cas. */
    private String alicesCustomer() {
        Reply created = alice.post(doc(CUSTOMER_KEY), CUSTOMER);
        assertThat(created.status()).isEqualTo(201);
        return created.cas();
    }

    private void assertAlicesUntouched(String cas) {
        Reply got = alice.get(doc(CUSTOMER_KEY));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.cas()).isEqualTo(cas);
        assertThat(got.body().get("content")).isEqualTo(json(CUSTOMER));
    }

    @Test
    void the_owner_can_look_up_and_mutate_her_document() {
        alicesCustomer();
        Reply looked = alice.lookupIn(doc(CUSTOMER_KEY), specs("{\"op\": \"get\", \"path\": \"addresses.delivery.country\"}"));
        assertThat(looked.status()).isEqualTo(200);
        assertThat(looked.body().at("/results/0/value").asString()).isEqualTo("United Kingdom");
        Reply mutated = alice.mutateIn(doc(CUSTOMER_KEY), specs(FAX));
        assertThat(mutated.status()).isEqualTo(200);
        Reply got = alice.get(doc(CUSTOMER_KEY));
        assertThat(got.cas()).isEqualTo(mutated.cas());
        assertThat(got.body().at("/content/fax").asString()).isEqualTo("311-555-0151");
    }

    @Test
    void another_users_lookup_in_is_404_document_not_found() {
        String cas = alicesCustomer();
        Reply reply = bob.lookupIn(doc(CUSTOMER_KEY), specs("{\"op\": \"exists\", \"path\": \"name\"}",
                "{\"op\": \"get\", \"path\": \"\"}"));
        assertRefused(reply, 404, "DOCUMENT_NOT_FOUND", null);
        assertThat(reply.body().toString()).doesNotContain("Reynholm").doesNotContain(alice.userId);
        assertAlicesUntouched(cas);
    }

    @Test
    void another_users_mutate_in_is_404_document_not_found_with_or_without_cas() {
        String cas = alicesCustomer();
        assertRefused(bob.mutateIn(doc(CUSTOMER_KEY), specs(FAX)), 404, "DOCUMENT_NOT_FOUND", null);
        assertRefused(bob.mutateIn(doc(CUSTOMER_KEY), specsWith("\"cas\": \"" + cas + "\"", FAX)), 404, "DOCUMENT_NOT_FOUND", null);
        assertRefused(bob.mutateIn(doc(CUSTOMER_KEY), specs(FAX), "\"" + cas + "\""), 404, "DOCUMENT_NOT_FOUND", null);
        assertRefused(bob.mutateIn(doc(CUSTOMER_KEY), specsWith("\"store_semantics\": \"replace\"", FAX)), 404, "DOCUMENT_NOT_FOUND", null);
        // a spec that would fail on Alice's document still answers as if it were absent
        assertRefused(bob.mutateIn(doc(CUSTOMER_KEY), specs("{\"op\": \"insert\", \"path\": \"name\", \"value\": 1}")),
                404, "DOCUMENT_NOT_FOUND", null);
        assertAlicesUntouched(cas);
    }

    @Test
    void another_users_create_of_the_key_is_409_document_exists() {
        String cas = alicesCustomer();
        Reply upsert = bob.mutateIn(doc(CUSTOMER_KEY), specsWith("\"store_semantics\": \"upsert\"", FAX));
        assertRefused(upsert, 409, "DOCUMENT_EXISTS", null);
        assertThat(upsert.body().toString()).doesNotContain(alice.userId);
        assertRefused(bob.mutateIn(doc(CUSTOMER_KEY), specsWith("\"store_semantics\": \"insert\"", FAX)), 409, "DOCUMENT_EXISTS", null);
        assertAlicesUntouched(cas);
    }

    @Test
    void a_document_created_by_mutate_in_with_a_token_belongs_to_that_user() {
        Reply created = bob.mutateIn(doc("bobs"), specsWith("\"store_semantics\": \"upsert\"", FAX));
        assertThat(created.status()).isEqualTo(200);
        assertThat(bob.get(doc("bobs")).cas()).isEqualTo(created.cas());
        assertRefused(alice.lookupIn(doc("bobs"), specs("{\"op\": \"exists\", \"path\": \"fax\"}")), 404, "DOCUMENT_NOT_FOUND", null);
        assertRefused(alice.mutateIn(doc("bobs"), specs(FAX)), 404, "DOCUMENT_NOT_FOUND", null);
        // the secret key sees and changes every document, keeping its owner
        Reply service = kv.mutateIn(doc("bobs"), specs("{\"op\": \"counter\", \"path\": \"n\", \"delta\": 1}"));
        assertThat(service.status()).isEqualTo(200);
        Reply got = bob.get(doc("bobs"));
        assertThat(got.cas()).isEqualTo(service.cas());
        assertThat(got.body().get("content")).isEqualTo(json("{\"fax\": \"311-555-0151\", \"n\": 1}"));
    }

    @Test
    void a_document_written_with_the_secret_key_is_invisible_to_users() {
        String cas = createCustomer();
        assertRefused(alice.lookupIn(doc(CUSTOMER_KEY), specs("{\"op\": \"exists\", \"path\": \"name\"}")), 404, "DOCUMENT_NOT_FOUND", null);
        assertRefused(alice.mutateIn(doc(CUSTOMER_KEY), specs(FAX)), 404, "DOCUMENT_NOT_FOUND", null);
        assertRefused(alice.mutateIn(doc(CUSTOMER_KEY), specsWith("\"store_semantics\": \"upsert\"", FAX)), 409, "DOCUMENT_EXISTS", null);
        assertThat(snapshot(CUSTOMER_KEY)).isEqualTo(new Snapshot(cas, json(CUSTOMER)));
    }

    @Test
    void a_public_key_without_a_token_is_refused() {
        createCustomer();
        KvClient visitor = new KvClient(http, port, PUBLIC_KEY, null, null);
        assertThat(visitor.lookupIn(doc(CUSTOMER_KEY), specs("{\"op\": \"exists\", \"path\": \"name\"}")).errorCode())
                .isEqualTo("AUTHENTICATION_FAILED");
        assertThat(visitor.mutateIn(doc(CUSTOMER_KEY), specs(FAX)).status()).isEqualTo(401);
        assertThat(snapshot(CUSTOMER_KEY).content()).isEqualTo(json(CUSTOMER));
    }
}
