package dev.vellum.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * The write half of the privacy matrix. Everyone may read (so a refusal is a 403, not a 404);
 * each row gives {@code update} and {@code delete} one rule and says which of alice's two
 * documents ({@code pub}, published, and {@code draft}) each caller may change. Every write route
 * runs as every caller on a fresh document, and afterwards the document is changed exactly when
 * the row allows it, and nothing else in the collection moved. Routes that write by key answer a
 * refusal with 403; Datastore writes by match leave documents the caller may not change out
 * of the match (as PostgreSQL's row security does) and answer 200. The create rows do the same
 * for every route that creates.
 */
class WriteAccessMatrixIntegrationTest extends AccessTestBase {

    private static final String BOTH = "pub draft";

    /** update and delete rule | alice | bob | mod | visitor (the secret key may always). */
    static Stream<Arguments> changeRows() {
        return Stream.of(
                Arguments.of("[{\"who\": \"owner\"}]", BOTH, "", "", ""),
                Arguments.of("[{\"who\": \"authenticated\"}]", BOTH, BOTH, BOTH, ""),
                Arguments.of("[{\"who\": \"authenticated\", \"where\": {\"published\": true}}]", "pub", "pub", "pub", ""),
                Arguments.of("[{\"who\": \"public\"}]", BOTH, BOTH, BOTH, BOTH),
                Arguments.of("[{\"who\": \"public\", \"where\": {\"published\": true}}]", "pub", "pub", "pub", "pub"),
                Arguments.of("[{\"who\": \"role:moderator\"}]", "", "", BOTH, ""),
                Arguments.of("[{\"who\": \"role:moderator\", \"where\": {\"published\": true}}, {\"who\": \"owner\"}]",
                        BOTH, "", "pub", ""),
                Arguments.of("[{\"who\": \"none\"}]", "", "", "", ""));
    }

    /** create rule | alice | bob | mod | visitor: which documents ({@code pub}: published true, {@code draft}: false) each may create. */
    static Stream<Arguments> createRows() {
        return Stream.of(
                Arguments.of("[{\"who\": \"owner\"}]", BOTH, BOTH, BOTH, ""),
                Arguments.of("[{\"who\": \"authenticated\", \"where\": {\"published\": false}}]", "draft", "draft", "draft", ""),
                Arguments.of("[{\"who\": \"public\"}]", BOTH, BOTH, BOTH, BOTH),
                Arguments.of("[{\"who\": \"public\", \"where\": {\"published\": false}}]", "draft", "draft", "draft", "draft"),
                Arguments.of("[{\"who\": \"role:moderator\"}]", "", "", BOTH, ""),
                Arguments.of("[{\"who\": \"none\"}]", "", "", "", ""));
    }

    /** A write as {@code actor} on the document {@code key} of {@code c}; answers whether the route said it wrote. */
    private interface Write {
        boolean run(Actor actor, String c, String key);
    }

    private record Route(String name, boolean byMatch, Write write) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "update and delete {0}")
    @MethodSource("changeRows")
    void every_update_and_delete_route_changes_exactly_what_the_rule_grants(String rule, String alice, String bob, String mod,
                                                                           String visitor) {
        String c = freshCollection();
        insert(this.alice, c, Map.of("name", "seed"));
        setAccess(c, "{\"read\": [{\"who\": \"public\"}], \"update\": " + rule + ", \"delete\": " + rule + "}");
        Map<Actor, String> allowed = allowed(alice, bob, mod, visitor);
        for (Route route : updateRoutes()) {
            check(c, route, allowed, true);
        }
        for (Route route : deleteRoutes()) {
            check(c, route, allowed, false);
        }
        restoreFollowsDelete(c, allowed);
    }

    /** The secret key archives a fresh document; the caller brings it back exactly when it may delete it. */
    private void restoreFollowsDelete(String c, Map<Actor, String> allowed) {
        for (Map.Entry<Actor, String> entry : allowed.entrySet()) {
            for (String kind : List.of("pub", "draft")) {
                String key = insert(alice, c, Map.of("name", kind, "published", kind.equals("pub")));
                String ref = datastore(secret, "collection.archive", c, "match", Map.of("_key", key)).body().at("/data/_ref").asString();
                Reply restored = datastore(entry.getKey(), "collection.restore", c, "match", Map.of("_ref", ref));
                assertThat(restored.status()).as(restored.text()).isEqualTo(200);
                assertThat(snapshot(c).containsKey(key)).as("restore as %s on %s", entry.getKey(), kind)
                        .isEqualTo(entry.getValue().contains(kind));
            }
        }
    }

    @ParameterizedTest(name = "create {0}")
    @MethodSource("createRows")
    void every_create_route_stores_exactly_what_the_rule_grants(String rule, String alice, String bob, String mod, String visitor) {
        String c = freshCollection();
        insert(this.alice, c, Map.of("name", "seed"));
        setAccess(c, "{\"read\": [{\"who\": \"public\"}], \"create\": " + rule + "}");
        Map<Actor, String> allowed = allowed(alice, bob, mod, visitor);
        for (Route route : createRoutes()) {
            for (Map.Entry<Actor, String> entry : allowed.entrySet()) {
                for (String kind : List.of("pub", "draft")) {
                    Actor actor = entry.getKey();
                    // mutate_in builds the new body in the database, so a create rule with a where refuses it (README)
                    boolean expected = entry.getValue().contains(kind)
                            && !(route.name().startsWith("kv mutate_in") && rule.contains("where") && actor != secret);
                    String key = "new_" + kind + "_" + actor.name() + "_" + Math.abs(route.name().hashCode());
                    Map<String, JsonNode> before = snapshot(c);
                    boolean wrote = route.write().run(actor, c, key + "|" + kind.equals("pub"));
                    Map<String, JsonNode> after = snapshot(c);
                    String what = route + " as " + actor + " creating " + kind;
                    assertThat(wrote).as(what).isEqualTo(expected);
                    if (expected) {
                        assertThat(after).as(what).hasSize(before.size() + 1);
                        JsonNode created = after.values().stream().filter(doc -> !before.containsKey(doc.get("_key").asString()))
                                .findFirst().orElseThrow();
                        assertThat(created.get("_userkey").isNull() ? null : created.get("_userkey").asString()).as(what)
                                .isEqualTo(actor.userId());
                    } else {
                        assertThat(after).as(what + " changed nothing").isEqualTo(before);
                    }
                }
            }
        }
    }

    private Map<Actor, String> allowed(String alice, String bob, String mod, String visitor) {
        Map<Actor, String> allowed = new LinkedHashMap<>();
        allowed.put(this.alice, alice);
        allowed.put(this.bob, bob);
        allowed.put(this.mod, mod);
        allowed.put(this.visitor, visitor);
        allowed.put(secret, BOTH);
        return allowed;
    }

    /** Each caller on a fresh {@code pub} and {@code draft} of alice's: changed exactly when allowed, nothing else moved. */
    private void check(String c, Route route, Map<Actor, String> allowed, boolean update) {
        for (Map.Entry<Actor, String> entry : allowed.entrySet()) {
            for (String kind : List.of("pub", "draft")) {
                Actor actor = entry.getKey();
                String key = insert(alice, c, Map.of("name", kind, "published", kind.equals("pub"), "hits", 1));
                Map<String, JsonNode> before = snapshot(c);
                boolean wrote = route.write().run(actor, c, key);
                Map<String, JsonNode> after = snapshot(c);
                boolean expected = entry.getValue().contains(kind);
                String what = route + " as " + actor + " on " + kind;
                assertThat(wrote).as(what).isEqualTo(expected);
                if (!expected) {
                    assertThat(after).as(what + " changed nothing").isEqualTo(before);
                } else if (update) {
                    assertThat(after.get(key).get("_version").asLong()).as(what).isGreaterThan(before.get(key).get("_version").asLong());
                    assertThat(after.get(key).get("_userkey").asString()).as(what + " keeps the owner").isEqualTo(alice.userId());
                } else {
                    assertThat(after).as(what).doesNotContainKey(key);
                }
            }
        }
    }

    private List<Route> updateRoutes() {
        List<Route> routes = new ArrayList<>();
        routes.add(new Route("documents PATCH", false, (a, c, key) -> byKey(call(a, HttpMethod.PATCH, doc(c, key), "{\"touched\": 1}"))));
        routes.add(new Route("documents PUT", false, (a, c, key) -> byKey(call(a, HttpMethod.PUT, doc(c, key),
                "{\"name\": \"replaced\", \"published\": true}"))));
        routes.add(new Route("kv upsert", false, (a, c, key) -> byKey(call(a, HttpMethod.PUT, kv(c, key),
                "{\"name\": \"kv\", \"published\": true}"))));
        routes.add(new Route("kv replace If-Match *", false, (a, c, key) -> byKey(call(a, HttpMethod.PUT, kv(c, key),
                "{\"name\": \"kv\", \"published\": true}", "If-Match", "*"))));
        routes.add(new Route("kv mutate_in", false, (a, c, key) -> byKey(call(a, HttpMethod.POST, kv(c, key) + "/mutate_in",
                "{\"specs\": [{\"op\": \"upsert\", \"path\": \"touched\", \"value\": 1}]}"))));
        routes.add(new Route("kv mutate_in counter", false, (a, c, key) -> byKey(call(a, HttpMethod.POST, kv(c, key) + "/mutate_in",
                "{\"specs\": [{\"op\": \"counter\", \"path\": \"hits\", \"delta\": 1}]}"))));
        routes.add(new Route("datastore update by key", true, (a, c, key) -> written(datastore(a, "collection.update", c,
                "data", Map.of("_key", key, "touched", 1)))));
        routes.add(new Route("datastore update by match", true, (a, c, key) -> written(datastore(a, "collection.update", c,
                "match", Map.of("_key", key), "data", Map.of("touched", 1)))));
        return routes;
    }

    private List<Route> deleteRoutes() {
        List<Route> routes = new ArrayList<>();
        routes.add(new Route("documents DELETE", false, (a, c, key) -> byKey(call(a, HttpMethod.DELETE, doc(c, key), null))));
        routes.add(new Route("kv remove", false, (a, c, key) -> byKey(call(a, HttpMethod.DELETE, kv(c, key), null))));
        routes.add(new Route("datastore delete", true, (a, c, key) -> hidden(a, c, key, "collection.delete")));
        routes.add(new Route("datastore archive", true, (a, c, key) -> hidden(a, c, key, "collection.archive")));
        return routes;
    }

    private List<Route> createRoutes() {
        List<Route> routes = new ArrayList<>();
        routes.add(new Route("documents POST", false, (a, c, spec) -> byKey(call(a, HttpMethod.POST, "/v1/collections/" + c + "/documents",
                content(spec)))));
        routes.add(new Route("datastore insert", false, (a, c, spec) -> byKey(datastore(a, "collection.insert", c,
                "data", JSON.readTree(content(spec))))));
        routes.add(new Route("kv insert", false, (a, c, spec) -> byKey(call(a, HttpMethod.POST, kv(c, newKey(spec)), content(spec)))));
        routes.add(new Route("kv upsert of a new key", false, (a, c, spec) -> byKey(call(a, HttpMethod.PUT, kv(c, newKey(spec)),
                content(spec)))));
        routes.add(new Route("kv mutate_in creating", false, (a, c, spec) -> byKey(call(a, HttpMethod.POST,
                kv(c, newKey(spec)) + "/mutate_in", "{\"store_semantics\": \"upsert\", \"specs\": [{\"op\": \"upsert\", \"path\":"
                        + " \"published\", \"value\": " + spec.endsWith("|true") + "}]}"))));
        return routes;
    }

    /** {@code key|published}: the key a KV create uses, and the content's published flag. */
    private static String newKey(String spec) {
        return spec.substring(0, spec.indexOf('|'));
    }

    private static String content(String spec) {
        return "{\"name\": \"new\", \"published\": " + spec.endsWith("|true") + "}";
    }

    private boolean hidden(Actor a, String c, String key, String op) {
        Reply reply = datastore(a, op, c, "match", Map.of("_key", key));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return !snapshot(c).containsKey(key);
    }

    /** A write by key: 2xx wrote, 403 refused; anything else is wrong here (everyone can read). */
    private static boolean byKey(Reply reply) {
        if (reply.status() == 403) {
            assertThat(reply.code()).isEqualTo("FORBIDDEN");
            return false;
        }
        assertThat(reply.status()).as(reply.text()).isBetween(200, 201);
        return true;
    }

    /** A Datastore write by match: always 200, and the documents it changed. */
    private static boolean written(Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return !reply.body().get("data").isEmpty();
    }

    private static String doc(String c, String key) {
        return "/v1/collections/" + c + "/documents/" + key;
    }

    private static String kv(String c, String key) {
        return "/v1/kv/" + c + "/" + key;
    }
}
