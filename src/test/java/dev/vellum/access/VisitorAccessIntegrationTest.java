package dev.vellum.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** A public key without a token: refused where no rule grants public, kept out of shared replays and transactions. */
class VisitorAccessIntegrationTest extends AccessTestBase {

    @Test
    void a_visitor_is_refused_with_401_on_every_route_of_a_collection_that_grants_public_nothing() {
        String c = freshCollection();
        String key = insert(alice, c, Map.of("name", "mine"));
        assertThat(datastore(visitor, "collection.find", c).status()).isEqualTo(401);
        assertThat(datastore(visitor, "collection.insert", c, "data", Map.of("x", 1)).status()).isEqualTo(401);
        assertThat(call(visitor, HttpMethod.GET, "/v1/collections/" + c + "/documents", null).status()).isEqualTo(401);
        assertThat(call(visitor, HttpMethod.POST, "/v1/collections/" + c + "/documents", "{\"x\": 1}").status()).isEqualTo(401);
        assertThat(call(visitor, HttpMethod.GET, "/v1/kv/" + c + "/" + key, null).status()).isEqualTo(401);
        assertThat(call(visitor, HttpMethod.PUT, "/v1/kv/" + c + "/new", "{\"x\": 1}").status()).isEqualTo(401);
        assertThat(call(visitor, HttpMethod.POST, "/v1/fetch_all", "[{\"type\": \"count\", \"collection\": \"" + c + "\"}]").status())
                .isEqualTo(401);
        assertThat(snapshot(c)).hasSize(1);
    }

    @Test
    void a_visitors_idempotency_key_is_not_used_so_no_visitor_sees_another_visitors_answer() {
        String c = freshCollection();
        insert(alice, c, Map.of("name", "seed"));
        setAccess(c, "{\"read\": [{\"who\": \"public\"}], \"create\": [{\"who\": \"public\"}]}");
        Reply first = call(visitor, HttpMethod.POST, "/v1/collections/" + c + "/documents", "{\"entry\": \"hi\"}",
                "Idempotency-Key", "guestbook-1");
        Reply second = call(visitor, HttpMethod.POST, "/v1/collections/" + c + "/documents", "{\"entry\": \"hi\"}",
                "Idempotency-Key", "guestbook-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body().get("id").asString()).isNotEqualTo(first.body().get("id").asString());
        assertThat(first.body().get("_userkey").isNull()).isTrue();
        assertThat(snapshot(c)).hasSize(3);
    }

    @Test
    void transactions_still_need_a_user_or_the_secret_key_even_on_a_public_collection() {
        String c = freshCollection();
        insert(alice, c, Map.of("name", "seed"));
        setAccess(c, "{\"read\": [{\"who\": \"public\"}], \"create\": [{\"who\": \"public\"}]}");
        Reply reply = call(visitor, HttpMethod.POST, "/v1/transactions", "{\"idempotency_key\": \"t1\", \"lock_resource\": \"r\","
                + " \"operations\": [{\"route\": \"POST /v1/collections/" + c + "/documents\", \"body\": {\"x\": 1}}]}");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(snapshot(c)).hasSize(1);
    }

    @Test
    void a_moderator_loses_the_role_at_the_next_request() {
        String c = freshCollection();
        String key = insert(alice, c, Map.of("name", "post"));
        setAccess(c, "{\"read\": [{\"who\": \"public\"}], \"delete\": [{\"who\": \"owner\"}, {\"who\": \"role:moderator\"}]}");
        db.sql("update app_users set roles = '[]'::jsonb where project_id = $1 and id = $2")
                .bind(0, projectId).bind(1, mod.userId()).fetch().rowsUpdated().block();
        Reply refused = call(mod, HttpMethod.DELETE, "/v1/collections/" + c + "/documents/" + key, null);
        assertThat(refused.status()).isEqualTo(403);
        db.sql("update app_users set roles = '[\"moderator\"]'::jsonb where project_id = $1 and id = $2")
                .bind(0, projectId).bind(1, mod.userId()).fetch().rowsUpdated().block();
        assertThat(call(mod, HttpMethod.DELETE, "/v1/collections/" + c + "/documents/" + key, null).status()).isEqualTo(200);
        assertThat(snapshot(c)).isEmpty();
    }
}
