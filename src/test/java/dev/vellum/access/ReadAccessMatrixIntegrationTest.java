package dev.vellum.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * The read half of the privacy matrix: every read route and option × every {@code who} kind,
 * with and without {@code where}, for alice, bob, the moderator, a visitor and the secret key.
 * Three documents: alice's {@code a_pub} (published) and {@code a_draft}, bob's {@code b_pub}.
 * Each row says what each caller sees; "401" means a visitor is refused outright because the
 * collection grants {@code public} nothing. Referencing routes (lookup, populate) read through a
 * public collection {@code refs}, so a document the caller may not read comes back {@code null}.
 */
class ReadAccessMatrixIntegrationTest extends AccessTestBase {

    private static final String ALL = "a_pub a_draft b_pub";
    private static final String PUBLISHED = "a_pub b_pub";
    private static final String REFUSED = "401";

    /** rule | alice | bob | mod | visitor (the secret key always sees all three). */
    static Stream<Arguments> rows() {
        return Stream.of(
                row(null, "a_pub a_draft", "b_pub", "", REFUSED),
                row("[{\"who\": \"owner\"}]", "a_pub a_draft", "b_pub", "", REFUSED),
                row("[{\"who\": \"authenticated\"}]", ALL, ALL, ALL, REFUSED),
                row("[{\"who\": \"authenticated\", \"where\": {\"published\": true}}]", PUBLISHED, PUBLISHED, PUBLISHED, REFUSED),
                row("[{\"who\": \"public\"}]", ALL, ALL, ALL, ALL),
                row("[{\"who\": \"public\", \"where\": {\"published\": true}}, {\"who\": \"owner\"}]",
                        ALL, PUBLISHED, PUBLISHED, PUBLISHED),
                row("[{\"who\": \"role:moderator\"}]", "", "", ALL, REFUSED),
                row("[{\"who\": \"role:moderator\", \"where\": {\"published\": true}}, {\"who\": \"owner\"}]",
                        "a_pub a_draft", "b_pub", PUBLISHED, REFUSED),
                row("[{\"who\": \"none\"}]", "", "", "", REFUSED),
                row("[]", "", "", "", REFUSED));
    }

    private static Arguments row(String read, String alice, String bob, String mod, String visitor) {
        return Arguments.of(read, alice, bob, mod, visitor);
    }

    /** A read route: the names a caller gets back, or null when the call was refused with 401. */
    private record Route(String name, boolean direct, BiFunction<Actor, Fixture, Set<String>> read) {
        @Override
        public String toString() {
            return name;
        }
    }

    private record Fixture(String c, String refs, Map<String, String> keys) {
    }

    @ParameterizedTest(name = "read {0}")
    @MethodSource("rows")
    void every_read_route_shows_each_caller_exactly_what_the_rule_grants(String read, String alice, String bob, String mod,
                                                                        String visitor) {
        Fixture f = fixture(read);
        Map<Actor, String> expected = new LinkedHashMap<>();
        expected.put(this.alice, alice);
        expected.put(this.bob, bob);
        expected.put(this.mod, mod);
        expected.put(this.visitor, visitor);
        expected.put(secret, ALL);
        Map<String, JsonNode> before = snapshot(f.c());
        for (Route route : routes()) {
            for (Map.Entry<Actor, String> entry : expected.entrySet()) {
                Set<String> seen = route.read().apply(entry.getKey(), f);
                String want = entry.getValue();
                if (want.equals(REFUSED)) {
                    if (route.direct()) {
                        assertThat(seen).as("%s as %s", route, entry.getKey()).isNull();
                    } else {
                        assertThat(seen).as("%s as %s", route, entry.getKey()).isNullOrEmpty();
                    }
                } else if (route.name().contains("count")) {
                    assertThat(seen).as("%s as %s", route, entry.getKey()).hasSize(set(want).size());
                } else {
                    assertThat(seen).as("%s as %s", route, entry.getKey()).isEqualTo(set(want));
                }
            }
        }
        assertThat(snapshot(f.c())).isEqualTo(before);
    }

    private Fixture fixture(String read) {
        String c = freshCollection();
        String refs = freshCollection();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("a_pub", insert(alice, c, doc("a_pub", true, alice)));
        keys.put("a_draft", insert(alice, c, doc("a_draft", false, alice)));
        keys.put("b_pub", insert(bob, c, doc("b_pub", true, bob)));
        for (Map.Entry<String, String> key : keys.entrySet()) {
            insert(secret, refs, Map.of("name", "ref_" + key.getKey(), "ref", key.getValue()));
        }
        setAccess(refs, "{\"read\": [{\"who\": \"public\"}]}");
        setAccess(c, read == null ? null : "{\"read\": " + read + "}");
        return new Fixture(c, refs, keys);
    }

    private static Map<String, Object> doc(String name, boolean published, Actor author) {
        return Map.of("name", name, "published", published, "text", "hello world", "author_id", author.userId());
    }

    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        routes.add(new Route("datastore find", true, (a, f) -> page(datastore(a, "collection.find", f.c()))));
        routes.add(new Route("datastore find ndjson", true, (a, f) -> ndjson(call(a, HttpMethod.POST, "/v1/datastore",
                "{\"op\": \"collection.find\", \"collection\": \"" + f.c() + "\"}", "Accept", "application/x-ndjson"))));
        routes.add(new Route("datastore find by _key", true, (a, f) -> perKey(f, key -> page(datastore(a, "collection.find", f.c(),
                "match", Map.of("_key", key))))));
        routes.add(new Route("datastore find by field", true, (a, f) -> page(datastore(a, "collection.find", f.c(),
                "match", Map.of("text", "hello world")))));
        routes.add(new Route("datastore count", true, (a, f) -> counted(datastore(a, "collection.count", f.c()), "/data/count")));
        routes.add(new Route("documents list", true, (a, f) -> page(call(a, HttpMethod.GET, docs(f.c()), null))));
        routes.add(new Route("documents list count=exact", true, (a, f) -> counted(call(a, HttpMethod.GET,
                docs(f.c()) + "?count=exact", null), "/total")));
        routes.add(new Route("documents get", true, (a, f) -> perKey(f, key -> one(call(a, HttpMethod.GET, docs(f.c()) + "/" + key, null)))));
        routes.add(new Route("documents find_one", true, (a, f) -> perKey(f, key -> one(call(a, HttpMethod.GET,
                "/v1/collections/" + f.c() + "/find_one?name=" + name(f, key), null)))));
        routes.add(new Route("documents count", true, (a, f) -> counted(call(a, HttpMethod.GET,
                "/v1/collections/" + f.c() + "/count", null), "/count")));
        routes.add(new Route("documents search", true, (a, f) -> {
            Reply reply = call(a, HttpMethod.GET, "/v1/collections/" + f.c() + "/search?q=hello", null);
            return reply.status() == 200 ? set(names(reply.body())) : refusedOrNone(reply); // a plain list
        }));
        routes.add(new Route("user collections", true, (a, f) -> union(
                page(call(a, HttpMethod.GET, "/v1/users/" + alice.userId() + "/collections/" + f.c(), null)),
                page(call(a, HttpMethod.GET, "/v1/users/" + bob.userId() + "/collections/" + f.c(), null)))));
        routes.add(new Route("kv get", true, (a, f) -> perKey(f, key -> {
            Reply reply = call(a, HttpMethod.GET, "/v1/kv/" + f.c() + "/" + key, null);
            return reply.status() == 200 ? Set.of(reply.body().at("/content/name").asString()) : refusedOrNone(reply);
        })));
        routes.add(new Route("kv lookup_in", true, (a, f) -> perKey(f, key -> {
            Reply reply = call(a, HttpMethod.POST, "/v1/kv/" + f.c() + "/" + key + "/lookup_in",
                    "{\"specs\": [{\"op\": \"get\", \"path\": \"name\"}]}");
            return reply.status() == 200 ? Set.of(reply.body().at("/results/0/value").asString()) : refusedOrNone(reply);
        })));
        routes.add(new Route("fetch_all query", true, (a, f) -> {
            Reply reply = call(a, HttpMethod.POST, "/v1/fetch_all", "[{\"type\": \"query\", \"collection\": \"" + f.c() + "\"}]");
            return reply.status() == 200 ? set(names(reply.body().at("/0/data"))) : refusedOrNone(reply);
        }));
        routes.add(new Route("fetch_all find_one and its count", true, (a, f) -> perKey(f, key -> {
            Reply reply = call(a, HttpMethod.POST, "/v1/fetch_all", "[{\"type\": \"count\", \"collection\": \"" + f.c()
                    + "\", \"name\": \"" + name(f, key) + "\"}, {\"type\": \"find_one\", \"collection\": \"" + f.c()
                    + "\", \"name\": \"" + name(f, key) + "\"}]");
            if (reply.status() != 200) {
                return refusedOrNone(reply);
            }
            boolean counted = reply.body().get(0).asLong() == 1;
            assertThat(reply.body().get(1).isNull()).isEqualTo(!counted);
            return counted ? Set.of(name(f, key)) : Set.of();
        })));
        routes.add(new Route("datastore lookup", false, (a, f) -> {
            Reply reply = datastore(a, "collection.find", f.refs(), "lookup", Map.of("ref", f.c()));
            return reply.status() == 200 ? set(names(refsOf(reply.body().get("data")))) : refusedOrNone(reply);
        }));
        routes.add(new Route("documents populate", false, (a, f) -> {
            Reply reply = call(a, HttpMethod.GET, docs(f.refs()) + "?populate=ref:" + f.c(), null);
            return reply.status() == 200 ? set(names(refsOf(reply.body().get("data")))) : refusedOrNone(reply);
        }));
        return routes;
    }

    private static String docs(String c) {
        return "/v1/collections/" + c + "/documents";
    }

    private static String name(Fixture f, String key) {
        return f.keys().entrySet().stream().filter(e -> e.getValue().equals(key)).findFirst().orElseThrow().getKey();
    }

    /** Asks once per document; null when any ask was refused with 401. */
    private static Set<String> perKey(Fixture f, java.util.function.Function<String, Set<String>> ask) {
        Set<String> seen = new TreeSet<>();
        for (String key : f.keys().values()) {
            Set<String> one = ask.apply(key);
            if (one == null) {
                return null;
            }
            seen.addAll(one);
        }
        return seen;
    }

    private static Set<String> page(Reply reply) {
        return reply.status() == 200 ? set(names(reply.body().get("data"))) : refusedOrNone(reply);
    }

    private static Set<String> one(Reply reply) {
        return reply.status() == 200 ? Set.of(reply.body().get("name").asString()) : refusedOrNone(reply);
    }

    private static Set<String> ndjson(Reply reply) {
        if (reply.status() != 200) {
            return refusedOrNone(reply);
        }
        Set<String> seen = new TreeSet<>();
        reply.text().lines().filter(line -> !line.isBlank()).map(JSON::readTree).forEach(doc -> seen.add(doc.get("name").asString()));
        return seen;
    }

    /** A count stands for "that many documents": it must be the size of what a find shows, so it becomes placeholder names. */
    private Set<String> counted(Reply reply, String pointer) {
        if (reply.status() != 200) {
            return refusedOrNone(reply);
        }
        long count = reply.body().at(pointer).asLong();
        return countedAs(count);
    }

    /** Stand-ins, one per counted document: a count route is compared on size only. */
    private static Set<String> countedAs(long count) {
        Set<String> counted = new TreeSet<>();
        for (long i = 0; i < count; i++) {
            counted.add("#" + i);
        }
        return counted;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (a == null || b == null) {
            return null;
        }
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** The referenced documents of refs' {@code ref} fields (null where not readable). */
    private static JsonNode refsOf(JsonNode data) {
        var array = JSON.createArrayNode();
        data.forEach(doc -> array.add(doc.get("ref")));
        return array;
    }

    /** 401 is "refused" (null); 404 and other misses are "nothing". */
    private static Set<String> refusedOrNone(Reply reply) {
        if (reply.status() == 401) {
            return null;
        }
        assertThat(reply.status()).as("unexpected answer %s", reply.text()).isEqualTo(404);
        return Set.of();
    }

    private static Set<String> set(String names) {
        return names.isBlank() ? Set.of() : new TreeSet<>(List.of(names.split(" ")));
    }

    private static Set<String> set(List<String> names) {
        return new TreeSet<>(names);
    }
}
