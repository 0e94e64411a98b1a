package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.documents.DocsClient.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** With a user token every route sees only that user's documents; another user's behave as absent. */
class DocumentPrivacyIntegrationTest extends DocumentsTestBase {

    private DocsClient alice;
    private DocsClient bob;
    private String c;
    private JsonNode mine;
    private String id;

    @BeforeEach
    void setUp() {
        alice = newUser();
        bob = newUser();
        c = freshCollection();
        mine = alice.create(c, "{\"secret\": \"alice's\", \"n\": 1}");
        id = mine.get("id").asString();
    }

    private void assertUntouched() {
        Reply got = alice.get(doc(c, id));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(mine);
    }

    @Test
    void a_users_documents_are_owned_by_the_user() {
        assertThat(mine.get("_userkey").asString()).isEqualTo(alice.userId);
        Reply batch = bob.post(docs(c), "[{\"n\": 1}, {\"n\": 2}]");
        batch.body().forEach(d -> assertThat(d.get("_userkey").asString()).isEqualTo(bob.userId));
    }

    @Test
    void get_put_patch_and_delete_of_another_users_document_are_404() {
        Reply get = bob.get(doc(c, id));
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(get.body().toString()).doesNotContain("alice's");
        assertThat(bob.put(doc(c, id), "{\"x\": 1}", null).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        // a guarded write does not confirm the document exists with a 409
        assertThat(bob.put(doc(c, id), "{\"x\": 1}", "\"1\"").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.put(doc(c, id), "{\"x\": 1}", "\"5\"").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.patch(doc(c, id), "{\"x\": 1}", null).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.patch(doc(c, id), "{\"x\": 1}", "\"5\"").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.delete(doc(c, id), null).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.delete(doc(c, id), "\"5\"").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertUntouched();
    }

    @Test
    void query_find_one_and_count_see_only_the_callers_documents() {
        String bobs = bob.create(c, "{\"n\": 2}").get("id").asString();
        Reply page = bob.get(docs(c));
        assertThat(page.ids()).containsExactly(bobs);
        assertThat(page.body().get("total").asLong()).isEqualTo(1);
        assertThat(page.body().get("has_more").asBoolean()).isFalse();
        Reply past = bob.get(docs(c) + "?offset=1");
        assertThat(past.body().get("total").asLong()).isEqualTo(1);
        assertThat(bob.get(docs(c) + "?select=secret").body().toString()).doesNotContain("alice's");
        assertThat(bob.get("/v1/collections/" + c + "/find_one").id()).isEqualTo(bobs);
        assertThat(bob.get("/v1/collections/" + c + "/count").body().get("count").asLong()).isEqualTo(1);
        assertThat(alice.get("/v1/collections/" + c + "/count").body().get("count").asLong()).isEqualTo(1);
        assertThat(alice.get(docs(c)).ids()).containsExactly(id);
    }

    @Test
    void find_one_is_404_when_only_other_users_documents_exist() {
        Reply none = bob.get("/v1/collections/" + c + "/find_one");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(bob.get(docs(c)).body().get("total").asLong()).isZero();
    }

    @Test
    void the_secret_key_sees_every_users_documents_and_a_user_can_change_their_own() {
        bob.create(c, "{\"n\": 2}");
        assertThat(service().get("/v1/collections/" + c + "/count").body().get("count").asLong()).isEqualTo(2);
        assertThat(service().get(doc(c, id)).body().get("_userkey").asString()).isEqualTo(alice.userId);
        Reply patched = alice.patch(doc(c, id), "{\"n\": 3}", "\"1\"");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("_userkey").asString()).isEqualTo(alice.userId);
        assertThat(alice.delete(doc(c, id), null).body().get("deleted").asBoolean()).isTrue();
    }

    @Test
    void a_public_key_without_a_token_is_refused() {
        Reply reply = new DocsClient(http, PUBLIC_KEY, null, null).get(docs(c));
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.errorCode()).isEqualTo("AUTHENTICATION_FAILED");
    }
}
