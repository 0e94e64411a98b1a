package dev.vellum.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.fence.FenceRecords;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

/**
 * The Idempotency-Key rules: 422 for another request under a used key, keys scoped per caller,
 * which answers are recorded (successes and client errors) and which are not (authentication,
 * server errors), expiry, key validation, streaming, and requests without a key.
 */
class IdempotencyIntegrationTest extends IdempotencyTestBase {

    @Autowired
    private FenceRecords fenceRecords;

    private static String insert(String collection, String data) {
        return "{\"op\": \"collection.insert\", \"collection\": \"" + collection + "\", \"data\": " + data + "}";
    }

    @Test
    void the_same_key_with_another_body_is_422_and_writes_nothing() {
        String c = freshCollection();
        String key = freshKey();
        assertThat(secret(HttpMethod.POST, "/v1/datastore", insert(c, "{\"n\": 1}"), "Idempotency-Key", key).status()).isEqualTo(200);
        Reply reused = secret(HttpMethod.POST, "/v1/datastore", insert(c, "{\"n\": 2}"), "Idempotency-Key", key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(reused.replayed()).isFalse();
        assertThat(documents(c)).isEqualTo(1);
        assertThat(count("select count(*) from documents where collection = $1 and body @> '{\"n\": 2}'", c)).isZero();
    }

    @Test
    void the_same_key_on_another_route_or_with_another_if_match_is_422() {
        String c = freshCollection();
        String key = freshKey();
        assertThat(secret(HttpMethod.PUT, "/v1/kv/" + c + "/a", "{\"v\": 1}", "Idempotency-Key", key).status()).isEqualTo(200);
        assertThat(secret(HttpMethod.PUT, "/v1/kv/" + c + "/b", "{\"v\": 1}", "Idempotency-Key", key).errorCode())
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(secret(HttpMethod.PUT, "/v1/kv/" + c + "/a", "{\"v\": 1}", "Idempotency-Key", key, "If-Match", "\"1\"")
                .errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(secret(HttpMethod.GET, "/v1/kv/" + c + "/b", null).status()).isEqualTo(404);
        assertThat(secret(HttpMethod.GET, "/v1/kv/" + c + "/a", null).json().get("cas").asString()).isEqualTo("1");
    }

    @Test
    void keys_are_scoped_per_caller_so_two_users_and_the_secret_key_each_run_once() {
        String c = freshCollection();
        String suffix = freshKey().substring(5, 17);
        String tokenA = userToken(projectId(), "idem_a_" + suffix);
        String tokenB = userToken(projectId(), "idem_b_" + suffix);
        String key = freshKey();
        String body = insert(c, "{\"n\": 1}");
        Reply a = asUser(tokenA, HttpMethod.POST, "/v1/datastore", body, "Idempotency-Key", key);
        Reply b = asUser(tokenB, HttpMethod.POST, "/v1/datastore", body, "Idempotency-Key", key);
        Reply service = secret(HttpMethod.POST, "/v1/datastore", body, "Idempotency-Key", key);
        for (Reply reply : List.of(a, b, service)) {
            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            assertThat(reply.replayed()).isFalse();
        }
        assertThat(a.json().at("/data/0/_userkey").asString()).isEqualTo("idem_a_" + suffix);
        assertThat(b.json().at("/data/0/_userkey").asString()).isEqualTo("idem_b_" + suffix);
        a.assertReplayedBy(asUser(tokenA, HttpMethod.POST, "/v1/datastore", body, "Idempotency-Key", key));
        assertThat(documents(c)).isEqualTo(3);
        assertThat(count("select count(distinct scope) from fence_records where kind = 'request' and key = $1"
                + " and scope in ($2, $3, 'key:secret')",
                key, "user:idem_a_" + suffix, "user:idem_b_" + suffix)).isEqualTo(3);
    }

    @Test
    void a_client_error_is_recorded_and_replayed_even_once_the_request_would_succeed() {
        String c = freshCollection();
        String doc = "/v1/kv/" + c + "/k";
        String removeKey = freshKey();
        Reply missing = secret(HttpMethod.DELETE, doc, null, "Idempotency-Key", removeKey);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(secret(HttpMethod.PUT, doc, "{\"v\": 1}").status()).isEqualTo(200);
        missing.assertReplayedBy(secret(HttpMethod.DELETE, doc, null, "Idempotency-Key", removeKey));
        assertThat(secret(HttpMethod.GET, doc, null).status()).as("the replayed 404 removed nothing").isEqualTo(200);

        String casKey = freshKey();
        Reply stale = secret(HttpMethod.PUT, doc, "{\"v\": 2}", "Idempotency-Key", casKey, "If-Match", "\"2\"");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("CAS_MISMATCH");
        assertThat(secret(HttpMethod.PUT, doc, "{\"v\": 1.5}").status()).as("the cas is 2 now").isEqualTo(200);
        stale.assertReplayedBy(secret(HttpMethod.PUT, doc, "{\"v\": 2}", "Idempotency-Key", casKey, "If-Match", "\"2\""));
        assertThat(secret(HttpMethod.GET, doc, null).json().at("/content/v").decimalValue()).isEqualByComparingTo("1.5");
    }

    @Test
    void authentication_failures_are_answered_as_usual_and_not_recorded() {
        String email = freshEmail();
        assertThat(secret(HttpMethod.POST, "/v1/users", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}")
                .status()).isEqualTo(201);
        String key = freshKey();
        String wrong = "{\"email\": \"" + email + "\", \"password\": \"not the password\"}";
        for (int attempt = 0; attempt < 2; attempt++) {
            Reply refused = send(HttpMethod.POST, "/v1/auth/login", wrong, "X-Api-Key", PUBLIC_KEY, "Idempotency-Key", key);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.replayed()).isFalse();
        }
        String visitorKey = freshKey();
        Reply visitor = send(HttpMethod.POST, "/v1/datastore", insert(freshCollection(), "{}"),
                "X-Api-Key", PUBLIC_KEY, "Idempotency-Key", visitorKey);
        assertThat(visitor.status()).as("a public key needs a user on data routes").isEqualTo(401);
        Reply noKey = send(HttpMethod.POST, "/v1/datastore", insert(freshCollection(), "{}"), "Idempotency-Key", visitorKey);
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(records(key) + records(visitorKey)).isZero();
    }

    @Test
    void a_server_error_after_a_write_rolls_every_write_back_is_not_recorded_and_a_retry_runs() {
        // What the translator makes of the injected SQLSTATE: a bug (500), or the database failing (503).
        serverErrorRollsBack("syntax_error_or_access_rule_violation", 500, "INTERNAL_ERROR");
        serverErrorRollsBack("raise_exception", 503, "SERVICE_UNAVAILABLE");
    }

    private void serverErrorRollsBack(String condition, int status, String code) {
        String c = freshCollection();
        failInsertsInto(c, condition);
        String key = freshKey();
        String doc = "/v1/kv/" + c + "/k";
        try {
            // The handler creates the collection, then its document write fails.
            Reply failed = secret(HttpMethod.PUT, doc, "{\"v\": 1}", "Idempotency-Key", key);
            assertThat(failed.status()).as(failed.text()).isEqualTo(status);
            assertThat(failed.errorCode()).isEqualTo(code);
        } finally {
            dropFailure(c);
        }
        assertThat(count("select count(*) from collections where name = $1", c)).as("collection rolled back").isZero();
        assertThat(records(key)).isZero();
        Reply retried = secret(HttpMethod.PUT, doc, "{\"v\": 1}", "Idempotency-Key", key);
        assertThat(retried.status()).as(retried.text()).isEqualTo(200);
        retried.assertReplayedBy(secret(HttpMethod.PUT, doc, "{\"v\": 1}", "Idempotency-Key", key));
        assertThat(documents(c)).isEqualTo(1);
    }

    @Test
    void a_client_error_after_a_write_rolls_the_write_back_and_is_recorded() {
        String c = freshCollection();
        failInsertsInto(c, "unique_violation");
        String key = freshKey();
        String doc = "/v1/kv/" + c + "/k";
        Reply failed;
        try {
            failed = secret(HttpMethod.POST, doc, "{\"v\": 1}", "Idempotency-Key", key);
        } finally {
            dropFailure(c);
        }
        assertThat(failed.status()).isEqualTo(409);
        assertThat(failed.errorCode()).isEqualTo("CONFLICT");
        assertThat(count("select count(*) from collections where name = $1", c)).as("collection rolled back").isZero();
        failed.assertReplayedBy(secret(HttpMethod.POST, doc, "{\"v\": 1}", "Idempotency-Key", key));
        assertThat(count("select count(*) from collections where name = $1", c)).isZero();
        assertThat(secret(HttpMethod.POST, doc, "{\"v\": 1}").status()).as("without the key it runs").isEqualTo(201);
    }

    /** Makes every document write into {@code collection} fail with {@code condition} after the row is written. */
    private void failInsertsInto(String collection, String condition) {
        run("create function " + collection + "_fail() returns trigger language plpgsql as $$ begin"
                + " raise exception 'injected failure' using errcode = '" + condition + "'; end $$");
        run("create trigger " + collection + "_fail after insert or update on documents for each row"
                + " when (new.collection = '" + collection + "') execute function " + collection + "_fail()");
    }

    private void dropFailure(String collection) {
        run("drop trigger " + collection + "_fail on documents");
        run("drop function " + collection + "_fail()");
    }

    @Test
    void an_expired_record_is_replaced_by_a_new_run_and_purged_once_expired() {
        String c = freshCollection();
        String key = freshKey();
        String body = insert(c, "{\"n\": 1}");
        Reply first = secret(HttpMethod.POST, "/v1/datastore", body, "Idempotency-Key", key);
        assertThat(count("select extract(epoch from expires_at - created_at)::bigint from fence_records"
                + " where kind = 'request' and key = $1", key))
                .as("24 h by default").isEqualTo(24 * 3600);
        expire(key);
        Reply second = secret(HttpMethod.POST, "/v1/datastore", body, "Idempotency-Key", key);
        assertThat(second.replayed()).isFalse();
        assertThat(second.text()).isNotEqualTo(first.text());
        second.assertReplayedBy(secret(HttpMethod.POST, "/v1/datastore", body, "Idempotency-Key", key));
        assertThat(documents(c)).isEqualTo(2);

        expire(key);
        assertThat(fenceRecords.purgeExpired().block()).isGreaterThanOrEqualTo(1);
        assertThat(records(key)).isZero();
    }

    @Test
    void the_record_holds_status_content_type_etag_and_body_under_the_callers_scope() {
        String key = freshKey();
        Reply created = secret(HttpMethod.POST, "/v1/kv/" + freshCollection() + "/k", "{\"a\": 1}", "Idempotency-Key", key);
        assertThat(created.status()).isEqualTo(201);
        assertThat(count("select status from fence_records where kind = 'request' and key = $1 and scope = 'key:secret'"
                + " and project_id = $2",
                key, projectId())).isEqualTo(201);
        assertThat(count("select count(*) from fence_records where kind = 'request' and key = $1 and body = $2"
                + " and headers = '{\"Content-Type\": [\"application/json\"], \"ETag\": [\"\\\"1\\\"\"]}'",
                key, created.body())).isEqualTo(1);
    }

    @Test
    void keys_that_are_empty_too_long_not_visible_ascii_or_repeated_are_400_and_nothing_runs() {
        String c = freshCollection();
        String body = insert(c, "{\"n\": 1}");
        for (String bad : List.of("", "a".repeat(256), "has space", "tab\tkey")) {
            Reply refused = secret(HttpMethod.POST, "/v1/datastore", body, "Idempotency-Key", bad);
            assertThat(refused.status()).as("key '%s'", bad).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("VALIDATION_ERROR");
            assertThat(refused.json().at("/error/details/field").asString()).isEqualTo("Idempotency-Key");
        }
        Reply twice = secret(HttpMethod.POST, "/v1/datastore", body, "Idempotency-Key", "one", "Idempotency-Key", "two");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(count("select count(*) from collections where name = $1", c)).isZero();
        Reply longest = secret(HttpMethod.POST, "/v1/datastore", body, "Idempotency-Key", "~".repeat(255));
        assertThat(longest.status()).as("255 visible characters are fine").isEqualTo(200);
    }

    @Test
    void a_streamed_find_with_a_key_is_400_and_without_one_streams() {
        String c = freshCollection();
        secret(HttpMethod.POST, "/v1/datastore", insert(c, "{\"n\": 1}"));
        String find = "{\"op\": \"collection.find\", \"collection\": \"" + c + "\", \"match\": {}}";
        Reply refused = secret(HttpMethod.POST, "/v1/datastore", find, "Idempotency-Key", freshKey(),
                "Accept", "application/x-ndjson");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("VALIDATION_ERROR");
        Reply streamed = secret(HttpMethod.POST, "/v1/datastore", find, "Accept", "application/x-ndjson");
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.headers().getContentType().toString()).startsWith("application/x-ndjson");
    }

    @Test
    void without_a_key_every_request_runs_and_reads_ignore_the_header() {
        String c = freshCollection();
        String body = insert(c, "{\"n\": 1}");
        Reply first = secret(HttpMethod.POST, "/v1/datastore", body);
        Reply second = secret(HttpMethod.POST, "/v1/datastore", body);
        assertThat(first.replayed() || second.replayed()).isFalse();
        assertThat(documents(c)).isEqualTo(2);
        String key = freshKey();
        String doc = "/v1/kv/" + c + "/k";
        secret(HttpMethod.PUT, doc, "{\"v\": 1}");
        Reply read = secret(HttpMethod.GET, doc, null, "Idempotency-Key", key);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.replayed()).isFalse();
        assertThat(records(key)).isZero();
    }

    private void expire(String key) {
        run("update fence_records set expires_at = now() - interval '1 second' where kind = 'request' and key = '"
                + key + "'");
    }
}
