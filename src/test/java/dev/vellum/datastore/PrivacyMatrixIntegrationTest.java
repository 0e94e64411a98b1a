package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.TokenService;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Two users, one collection: for every Datastore op, user B behaves exactly as if user A's
 * documents did not exist, and A's documents come out of it untouched.
 */
class PrivacyMatrixIntegrationTest extends IntegrationTest {

    @Autowired
    TokenService tokenService;
    @Autowired
    ApiKeyStore apiKeyStore;

    private String c;
    private String userA;
    private String userB;
    private String tokenA;
    private String tokenB;
    private Ops a;
    private Ops b;
    private Ops secret;
    private String a1;
    private String a2;
    /** A's documents as the secret key saw them after setup: _key → document. */
    private Map<String, JsonNode> before;

    @BeforeEach
    void twoUsers() {
        long projectId = apiKeyStore.find(PUBLIC_KEY).block().projectId();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        userA = "user_a_" + suffix;
        userB = "user_b_" + suffix;
        tokenA = userToken(projectId, userA);
        tokenB = userToken(projectId, userB);
        a = new Ops(http, PUBLIC_KEY, tokenA);
        b = new Ops(http, PUBLIC_KEY, tokenB);
        secret = new Ops(http, SECRET_KEY, null);
        c = freshCollection();
        JsonNode inserted = a.ok(op("collection.insert", c, "data", List.of(
                Map.of("name", "a1", "kind", "x", "n", 1),
                Map.of("name", "a2", "kind", "x", "n", 2))));
        a1 = inserted.at("/data/0/_key").asString();
        a2 = inserted.at("/data/1/_key").asString();
        before = aDocsViaSecret();
        assertThat(before).hasSize(2);
    }

    @Test
    void inserted_documents_belong_to_the_token_user() {
        for (JsonNode doc : before.values()) {
            assertThat(doc.get("_userkey").asString()).isEqualTo(userA);
            assertThat(doc.get("_version").asLong()).isEqualTo(1);
        }
        JsonNode mine = b.ok(op("collection.insert", c, "data", Map.of("name", "b1")));
        assertThat(mine.at("/data/0/_userkey").asString()).isEqualTo(userB);
    }

    @Test
    void find_sees_nothing_of_another_user() {
        for (Map<String, Object> match : List.<Map<String, Object>>of(
                Map.of("_key", a1), Map.of("kind", "x"), Map.of("name", "a2"), Map.of(), Map.of("n:$gte", 0),
                Map.of("_userkey", userA), Map.of("_key:$in", List.of(a1, a2)))) {
            JsonNode found = b.ok(op("collection.find", c, "match", match));
            assertThat(found.get("data")).as("match %s", match).isEmpty();
            assertThat(found.at("/meta/pagination/size").asLong()).isZero();
        }
        JsonNode filtered = b.ok(op("collection.find", c, "match", Map.of(), "filter", Map.of("kind", "x")));
        assertThat(filtered.get("data")).isEmpty();
        JsonNode offset = b.ok(op("collection.find", c, "match", Map.of(), "offset", 1));
        assertThat(offset.get("data")).isEmpty();
        assertThat(offset.at("/meta/pagination/size").asLong()).isZero();
        // A still sees both.
        assertThat(a.ok(op("collection.find", c, "match", Map.of())).get("data")).hasSize(2);
        assertUntouched();
    }

    @Test
    void empty_match_returns_only_the_callers_own_documents() {
        String mine = b.ok(op("collection.insert", c, "data", Map.of("name", "b1", "kind", "x"))).at("/data/0/_key").asString();
        JsonNode found = b.ok(op("collection.find", c, "match", Map.of()));
        assertThat(keys(found.get("data"))).containsExactly(mine);
        assertThat(found.at("/meta/pagination/size").asLong()).isEqualTo(1);
        assertThat(count(b, Map.of("kind", "x"))).isEqualTo(1);
        assertThat(count(a, Map.of("kind", "x"))).isEqualTo(2);
    }

    @Test
    void count_is_zero_for_another_users_documents() {
        for (Map<String, Object> match : List.<Map<String, Object>>of(
                Map.of(), Map.of("_key", a1), Map.of("kind", "x"), Map.of("_userkey", userA), Map.of("n:$exists", true))) {
            assertThat(count(b, match)).as("match %s", match).isZero();
        }
        assertThat(b.ok(op("collection.count", c, "match", Map.of(), "filter", Map.of("kind", "x"))).at("/data/count").asLong()).isZero();
        assertThat(count(a, Map.of())).isEqualTo(2);
    }

    @Test
    void update_by_key_or_match_changes_nothing_of_another_user() {
        assertThat(b.ok(op("collection.update", c, "data", Map.of("_key", a1, "name", "hacked"))).get("data")).isEmpty();
        assertThat(b.ok(op("collection.update", c, "data", List.of(
                Map.of("_key", a1, "name", "hacked"), Map.of("_key", a2, "name", "hacked")))).get("data")).isEmpty();
        assertThat(b.ok(op("collection.update", c, "match", Map.of("kind", "x"), "data", Map.of("name", "hacked"))).get("data")).isEmpty();
        assertThat(b.ok(op("collection.update", c, "match", Map.of("_key", a1), "data", Map.of("name", "hacked"))).get("data")).isEmpty();
        assertThat(b.ok(op("collection.update", c, "match", Map.of("_userkey", userA), "data", Map.of("name", "hacked"))).get("data")).isEmpty();
        assertThat(b.ok(op("collection.update", c, "all", true, "data", Map.of("name", "hacked"))).get("data")).isEmpty();
        assertUntouched();
    }

    @Test
    void upsert_with_another_users_match_inserts_the_callers_own_document() {
        JsonNode upserted = b.ok(op("collection.upsert", c, "match", Map.of("name", "a1"),
                "update", Map.of("hacked", true), "insert", Map.of("v", 1)));
        JsonNode doc = upserted.at("/data/0");
        assertThat(upserted.get("data")).hasSize(1);
        assertThat(doc.get("_key").asString()).isNotIn(a1, a2);
        assertThat(doc.get("_userkey").asString()).isEqualTo(userB);
        assertThat(doc.get("name").asString()).isEqualTo("a1");
        assertThat(doc.has("hacked")).isFalse();
        // Same match again: B now updates its own document, A's stays as it was.
        JsonNode again = b.ok(op("collection.upsert", c, "match", Map.of("name", "a1"),
                "update", Map.of("hacked", true), "insert", Map.of("v", 1)));
        assertThat(again.at("/data/0/_key").asString()).isEqualTo(doc.get("_key").asString());
        assertThat(again.at("/data/0/hacked").asBoolean()).isTrue();
        assertThat(count(a, Map.of("name", "a1"))).isEqualTo(1);
        assertThat(count(secret, Map.of("name", "a1"))).isEqualTo(2);
        assertUntouched();
    }

    @Test
    void matching_on_userkey_cannot_claim_another_users_documents() {
        JsonNode upserted = b.ok(op("collection.upsert", c, "match", Map.of("_userkey", userA, "name", "a2"),
                "update", Map.of("hacked", true), "insert", Map.of("v", 1)));
        assertThat(upserted.at("/data/0/_userkey").asString()).isEqualTo(userB);
        assertThat(upserted.at("/data/0/_key").asString()).isNotIn(a1, a2);
        assertThat(b.ok(op("collection.find", c, "match", Map.of("_userkey", userA))).get("data")).isEmpty();
        assertUntouched();
    }

    @Test
    void system_field_userkey_cannot_be_written() {
        assertThat(b.error(op("collection.insert", c, "data", Map.of("_userkey", userA, "x", 1)), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(b.error(op("collection.insert", c, "data", Map.of("&_userkey", "@now()")), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(a.error(op("collection.update", c, "data", Map.of("_key", a1, "_userkey", userB)), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(a.error(op("collection.update", c, "match", Map.of("name", "a1"), "data", Map.of("_userkey", userB)), 400))
                .isEqualTo("VALIDATION_ERROR");
        assertThat(b.error(op("collection.upsert", c, "match", Map.of("name", "a1"),
                "update", Map.of("_userkey", userB), "insert", Map.of("v", 1)), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(b.error(op("collection.upsert", c, "match", Map.of("name", "a1"),
                "update", Map.of("v", 2), "insert", Map.of("_userkey", userA)), 400)).isEqualTo("VALIDATION_ERROR");
        assertThat(secret.error(op("collection.insert", c, "data", Map.of("_userkey", userA)), 400)).isEqualTo("VALIDATION_ERROR");
        assertUntouched();
    }

    @Test
    void delete_and_archive_hide_nothing_of_another_user() {
        for (String hideOp : List.of("collection.delete", "collection.archive")) {
            for (Object[] args : List.<Object[]>of(
                    new Object[] {"match", Map.of("kind", "x")}, new Object[] {"match", Map.of("_key", a1)},
                    new Object[] {"match", Map.of("_userkey", userA)}, new Object[] {"all", true})) {
                JsonNode hidden = b.ok(op(hideOp, c, args));
                String ref = hidden.at("/data/_ref").asString();
                assertThat(ref).isNotEmpty();
                // The ref B got back restores nothing either.
                assertThat(b.ok(op("collection.restore", c, "match", Map.of("_ref", ref))).at("/data/data").asBoolean()).isFalse();
            }
        }
        assertThat(count(a, Map.of())).isEqualTo(2);
        assertUntouched();
    }

    @Test
    void restore_with_another_users_ref_restores_nothing() {
        for (String hideOp : List.of("collection.delete", "collection.archive")) {
            String ref = a.ok(op(hideOp, c, "match", Map.of("_key", a1))).at("/data/_ref").asString();
            assertThat(count(a, Map.of())).isEqualTo(1);
            assertThat(b.ok(op("collection.restore", c, "match", Map.of("_ref", ref))).at("/data/data").asBoolean()).isFalse();
            assertThat(count(a, Map.of())).as("still hidden after B's restore").isEqualTo(1);
            assertThat(count(secret, Map.of("_key", a1))).isZero();
            assertThat(a.ok(op("collection.restore", c, "match", Map.of("_ref", ref))).at("/data/data").asBoolean()).isTrue();
            assertThat(count(a, Map.of())).isEqualTo(2);
        }
    }

    @Test
    void lookup_of_another_users_key_resolves_to_null() {
        String target = freshCollection();
        String aTarget = a.ok(op("collection.insert", target, "data", Map.of("secret", "A's"))).at("/data/0/_key").asString();
        b.ok(op("collection.insert", c, "data", Map.of("name", "b1", "ref", aTarget, "refs", List.of(aTarget, a1))));
        JsonNode found = b.ok(op("collection.find", c, "match", Map.of("name", "b1"), "lookup", Map.of("ref", target)));
        assertThat(found.at("/data/0/ref").isNull()).as(found.toString()).isTrue();
        JsonNode list = b.ok(op("collection.find", c, "match", Map.of("name", "b1"), "lookup", Map.of("refs", c)));
        assertThat(list.at("/data/0/refs")).isEmpty();
        // The same reference, looked up by its owner, resolves.
        a.ok(op("collection.insert", c, "data", Map.of("name", "a3", "ref", aTarget)));
        JsonNode own = a.ok(op("collection.find", c, "match", Map.of("name", "a3"), "lookup", Map.of("ref", target)));
        assertThat(own.at("/data/0/ref/secret").asString()).isEqualTo("A's");
    }

    @Test
    void secret_key_sees_everyone_and_acts_as_a_user_with_a_token() {
        String bKey = b.ok(op("collection.insert", c, "data", Map.of("name", "b1", "kind", "x"))).at("/data/0/_key").asString();
        assertThat(keys(secret.ok(op("collection.find", c, "match", Map.of())).get("data"))).containsExactlyInAnyOrder(a1, a2, bKey);
        assertThat(count(secret, Map.of("kind", "x"))).isEqualTo(3);
        assertThat(count(secret, Map.of("_userkey", userB))).isEqualTo(1);

        Ops secretAsA = new Ops(http, SECRET_KEY, tokenA);
        Ops secretAsB = new Ops(http, SECRET_KEY, tokenB);
        assertThat(keys(secretAsA.ok(op("collection.find", c, "match", Map.of())).get("data"))).containsExactlyInAnyOrder(a1, a2);
        assertThat(keys(secretAsB.ok(op("collection.find", c, "match", Map.of())).get("data"))).containsExactly(bKey);
        assertThat(secretAsB.ok(op("collection.update", c, "data", Map.of("_key", a1, "name", "hacked"))).get("data")).isEmpty();
        assertThat(secretAsB.ok(op("collection.insert", c, "data", Map.of("name", "b2"))).at("/data/0/_userkey").asString()).isEqualTo(userB);
        assertUntouched();

        // Without a token the secret key may change anyone's document.
        JsonNode changed = secret.ok(op("collection.update", c, "data", Map.of("_key", a1, "name", "by_service")));
        assertThat(changed.at("/data/0/_userkey").asString()).isEqualTo(userA);
        assertThat(changed.at("/data/0/_version").asLong()).isEqualTo(2);
    }

    private long count(Ops who, Map<String, Object> match) {
        return who.ok(op("collection.count", c, "match", match)).at("/data/count").asLong();
    }

    private Map<String, JsonNode> aDocsViaSecret() {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        secret.ok(op("collection.find", c, "match", Map.of("_userkey", userA), "sort", "_key asc")).get("data")
                .forEach(doc -> docs.put(doc.get("_key").asString(), doc));
        return docs;
    }

    /** A's documents are still live, with the same body and version, seen by A and by the secret key. */
    private void assertUntouched() {
        assertThat(aDocsViaSecret()).isEqualTo(before);
        Map<String, JsonNode> viaA = new LinkedHashMap<>();
        a.ok(op("collection.find", c, "match", Map.of("_key:$in", List.of(a1, a2)), "sort", "_key asc")).get("data")
                .forEach(doc -> viaA.put(doc.get("_key").asString(), doc));
        assertThat(viaA).isEqualTo(before);
    }

    private static List<String> keys(JsonNode docs) {
        List<String> keys = new ArrayList<>();
        docs.forEach(doc -> keys.add(doc.get("_key").asString()));
        return keys;
    }
}
