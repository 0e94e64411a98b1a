package dev.vellum.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Idempotency-Key on each kind of mutating route: the retry gets the first answer (status, body,
 * ETag) marked {@code Idempotent-Replayed: true}, and the rows show the write happened once.
 */
class IdempotencyRoutesIntegrationTest extends IdempotencyTestBase {

    @Test
    void datastore_insert_with_a_key_inserts_once_and_replays_the_inserted_documents() {
        String c = freshCollection();
        String key = freshKey();
        String insert = "{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": [{\"n\": 1}, {\"n\": 2}]}";
        Reply first = secret(HttpMethod.POST, "/v1/datastore", insert, "Idempotency-Key", key);
        Reply again = secret(HttpMethod.POST, "/v1/datastore", insert, "Idempotency-Key", key);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        first.assertReplayedBy(again);
        assertThat(documents(c)).isEqualTo(2);
        assertThat(secret(HttpMethod.POST, "/v1/datastore", insert).status()).as("without the key it runs").isEqualTo(200);
        assertThat(documents(c)).isEqualTo(4);
    }

    @Test
    void datastore_update_with_a_key_moves_the_version_once() {
        String c = freshCollection();
        Reply inserted = secret(HttpMethod.POST, "/v1/datastore",
                "{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": {\"n\": 1}}");
        String docKey = inserted.json().at("/data/0/_key").asString();
        String update = "{\"op\": \"collection.update\", \"collection\": \"" + c + "\", \"data\": {\"_key\": \"" + docKey
                + "\", \"n\": 2}}";
        String key = freshKey();
        Reply first = secret(HttpMethod.POST, "/v1/datastore", update, "Idempotency-Key", key);
        Reply again = secret(HttpMethod.POST, "/v1/datastore", update, "Idempotency-Key", key);
        first.assertReplayedBy(again);
        assertThat(first.json().at("/data/0/_version").asLong()).isEqualTo(2);
        assertThat(count("select version from documents where key = $1", docKey)).isEqualTo(2);
    }

    @Test
    void document_routes_post_put_patch_and_delete_each_run_once_per_key() {
        String c = freshCollection();
        String docs = "/v1/collections/" + c + "/documents";

        String createKey = freshKey();
        Reply created = secret(HttpMethod.POST, docs, "{\"title\": \"a\"}", "Idempotency-Key", createKey);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        created.assertReplayedBy(secret(HttpMethod.POST, docs, "{\"title\": \"a\"}", "Idempotency-Key", createKey));
        assertThat(documents(c)).isEqualTo(1);
        String doc = docs + "/" + created.json().get("id").asString();

        String putKey = freshKey();
        Reply put = secret(HttpMethod.PUT, doc, "{\"title\": \"b\"}", "Idempotency-Key", putKey, "If-Match", "\"1\"");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.headers().getETag()).isEqualTo("\"2\"");
        // Without the key this retry would be 409 CAS_MISMATCH: the version is 2 now.
        put.assertReplayedBy(secret(HttpMethod.PUT, doc, "{\"title\": \"b\"}", "Idempotency-Key", putKey, "If-Match", "\"1\""));

        String patchKey = freshKey();
        Reply patched = secret(HttpMethod.PATCH, doc, "{\"views\": 1}", "Idempotency-Key", patchKey);
        patched.assertReplayedBy(secret(HttpMethod.PATCH, doc, "{\"views\": 1}", "Idempotency-Key", patchKey));
        assertThat(patched.json().get("_version").asLong()).isEqualTo(3);

        String deleteKey = freshKey();
        Reply deleted = secret(HttpMethod.DELETE, doc, null, "Idempotency-Key", deleteKey);
        assertThat(deleted.status()).isEqualTo(200);
        // Without the key this retry would be 404: the document is gone.
        deleted.assertReplayedBy(secret(HttpMethod.DELETE, doc, null, "Idempotency-Key", deleteKey));
        assertThat(secret(HttpMethod.DELETE, doc, null).status()).isEqualTo(404);
        assertThat(documents(c)).isZero();
    }

    @Test
    void kv_insert_upsert_and_remove_replay_their_cas_and_etag() {
        String c = freshCollection();
        String doc = "/v1/kv/" + c + "/k1";

        String insertKey = freshKey();
        Reply inserted = secret(HttpMethod.POST, doc, "{\"a\": 1}", "Idempotency-Key", insertKey);
        assertThat(inserted.status()).isEqualTo(201);
        // Without the key this retry would be 409 DOCUMENT_EXISTS.
        inserted.assertReplayedBy(secret(HttpMethod.POST, doc, "{\"a\": 1}", "Idempotency-Key", insertKey));

        String upsertKey = freshKey();
        Reply upserted = secret(HttpMethod.PUT, doc, "{\"a\": 2}", "Idempotency-Key", upsertKey);
        assertThat(upserted.status()).isEqualTo(200);
        assertThat(upserted.headers().getETag()).isEqualTo("\"2\"");
        upserted.assertReplayedBy(secret(HttpMethod.PUT, doc, "{\"a\": 2}", "Idempotency-Key", upsertKey));
        assertThat(secret(HttpMethod.GET, doc, null).json().get("cas").asString()).isEqualTo("2");

        String removeKey = freshKey();
        Reply removed = secret(HttpMethod.DELETE, doc, null, "Idempotency-Key", removeKey);
        assertThat(removed.status()).isEqualTo(200);
        removed.assertReplayedBy(secret(HttpMethod.DELETE, doc, null, "Idempotency-Key", removeKey));
        assertThat(secret(HttpMethod.GET, doc, null).status()).isEqualTo(404);
    }

    @Test
    void mutate_in_counter_with_a_key_counts_once_and_replays_the_same_value() {
        String c = freshCollection();
        String doc = "/v1/kv/" + c + "/counter";
        assertThat(secret(HttpMethod.POST, doc, "{\"n\": 0}").status()).isEqualTo(201);
        String increment = "{\"specs\": [{\"op\": \"counter\", \"path\": \"n\", \"delta\": 1}]}";
        String key = freshKey();
        Reply first = secret(HttpMethod.POST, doc + "/mutate_in", increment, "Idempotency-Key", key);
        Reply again = secret(HttpMethod.POST, doc + "/mutate_in", increment, "Idempotency-Key", key);
        assertThat(first.json().get("results")).isEqualTo(JSON.readTree("[{\"value\": 1}]"));
        first.assertReplayedBy(again);
        JsonNode stored = secret(HttpMethod.GET, doc, null).json();
        assertThat(stored.at("/content/n").asLong()).isEqualTo(1);
        assertThat(stored.get("cas").asString()).isEqualTo("2");
        Reply other = secret(HttpMethod.POST, doc + "/mutate_in", increment, "Idempotency-Key", freshKey());
        assertThat(other.json().get("results")).as("a new key counts again").isEqualTo(JSON.readTree("[{\"value\": 2}]"));
    }

    @Test
    void admin_user_create_and_delete_run_once_per_key() {
        String email = freshEmail();
        String body = "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\", \"data\": {\"plan\": \"pro\"}}";
        String key = freshKey();
        Reply created = secret(HttpMethod.POST, "/v1/users", body, "Idempotency-Key", key);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        // Without the key this retry would be 409 CONFLICT (email taken).
        created.assertReplayedBy(secret(HttpMethod.POST, "/v1/users", body, "Idempotency-Key", key));
        assertThat(count("select count(*) from app_users where lower(email) = lower($1)", email)).isEqualTo(1);

        String user = "/v1/users/" + created.json().get("id").asString();
        String deleteKey = freshKey();
        Reply deleted = secret(HttpMethod.DELETE, user, null, "Idempotency-Key", deleteKey);
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        deleted.assertReplayedBy(secret(HttpMethod.DELETE, user, null, "Idempotency-Key", deleteKey));
        assertThat(secret(HttpMethod.DELETE, user, null).json().get("deleted").asBoolean()).isFalse();
    }

    @Test
    void signup_with_a_key_creates_one_user_and_replays_the_same_token() {
        String email = freshEmail();
        String body = "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}";
        String key = freshKey();
        Reply first = send(HttpMethod.POST, "/v1/auth/signup", body, "X-Api-Key", PUBLIC_KEY, "Idempotency-Key", key);
        Reply again = send(HttpMethod.POST, "/v1/auth/signup", body, "X-Api-Key", PUBLIC_KEY, "Idempotency-Key", key);
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        first.assertReplayedBy(again);
        assertThat(count("select count(*) from app_users where lower(email) = lower($1)", email)).isEqualTo(1);
        assertThat(count("select count(*) from fence_records where kind = 'request' and key = $1"
                + " and scope = 'key:public'", key)).isEqualTo(1);
    }
}
