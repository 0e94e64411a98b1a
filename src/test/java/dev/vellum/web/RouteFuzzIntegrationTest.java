package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes every route of the OpenAPI description with jqwik-generated and mutated requests (paths,
 * query strings, headers, bodies): no answer is a 5xx or shows a stack trace or a Java class name,
 * every answer comes within the client's timeout, and afterwards the server still answers normal
 * requests with every pool connection back. Bounded: {@value #TRIES} requests.
 */
class RouteFuzzIntegrationTest extends IntegrationTest {

    static final int TRIES = 400;
    private static final JsonMapper JSON = new JsonMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-z_]+)}");
    /** Text that only a leaked exception, stack trace or internal name would put in a body. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [a-z]+\\.[a-zA-Z.$]+\\(|java\\.|javax\\.|tools\\.jackson|org\\.springframework|io\\.r2dbc|io\\.lettuce|reactor\\.|dev\\.vellum|SQLSTATE|syntax error at");
    private static final List<String> FIELDS = List.of("op", "collection", "match", "filter", "data", "update", "insert",
            "specs", "path", "value", "values", "delta", "sort", "limit", "offset", "lookup", "populate", "email", "password",
            "user_id", "bidirectional", "operations", "idempotency_key", "lock_resource", "queries", "store_semantics", "cas",
            "expiry", "_key", "n", "a.b", "&now", "n:$gt", "tags:$in", "$or", "_ref", "count", "project");
    private static final List<String> OPS = List.of("collection.find", "collection.insert", "collection.update",
            "collection.upsert", "collection.delete", "collection.archive", "collection.restore", "collection.count",
            "get", "upsert", "insert", "remove", "array_append", "array_insert", "counter", "exists", "bogus");
    private static final List<String> PARAMS = List.of("limit", "offset", "sort", "order", "populate", "select", "count",
            "cas", "expiry", "bidirectional", "q", "fields", "n_gt", "n_in", "tags_contains", "[or]n", "[or:g]m_lte",
            "name_startswith", "data.x_isnull", "email", "roles", "role", "durability", "x");

    @Test
    void no_request_to_any_route_gets_a_5xx_a_stack_trace_or_no_answer() {
        WebTestClient fuzz = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
        List<Route> routes = routes();
        assertThat(routes).hasSizeGreaterThan(20);
        String collection = freshCollection();
        Request seed = new Request("PUT", "/v1/kv/" + collection + "/k1", Map.of("X-Api-Key", SECRET_KEY), "{\"n\": 1, \"tags\": []}");
        send(fuzz, URI.create("http://127.0.0.1:" + port + seed.path()), seed);
        String token = userToken(1L, "fuzz-" + UUID.randomUUID());

        Iterator<Request> requests = request(routes, collection, token).sampleStream().limit(TRIES).iterator();
        int answered = 0;
        while (requests.hasNext()) {
            Request request = requests.next();
            URI uri;
            try {
                uri = URI.create("http://127.0.0.1:" + port + request.path());
            } catch (IllegalArgumentException notAUri) {
                continue; // the client cannot send it (a bare '%'); nothing reaches the server
            }
            if (isChangeFeed(request, uri)) {
                continue; // an open change feed answers 200 and never ends (ChangeFeedIntegrationTest covers its input)
            }
            EntityExchangeResult<byte[]> result = send(fuzz, uri, request);
            String body = result.getResponseBody() == null ? "" : new String(result.getResponseBody(), StandardCharsets.UTF_8);
            assertThat(result.getStatus().value()).as("%s -> %s", request, body).isLessThan(500);
            assertThat(LEAK.matcher(body).find()).as("%s -> %s", request, body).isFalse();
            answered++;
        }
        assertThat(answered).isGreaterThan(TRIES / 2);
        stillHealthy(fuzz, collection);
    }

    /** Normal requests still work, more of them at once than the pool has connections. */
    private void stillHealthy(WebTestClient client, String collection) {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk();
        for (int i = 0; i < 40; i++) {
            client.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY).header("Content-Type", "application/json")
                    .bodyValue("{\"op\": \"collection.insert\", \"collection\": \"" + collection + "_after\", \"data\": {\"i\": " + i + "}}")
                    .exchange().expectStatus().isOk();
        }
        JsonNode count = client.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY)
                .header("Content-Type", "application/json")
                .bodyValue("{\"op\": \"collection.count\", \"collection\": \"" + collection + "_after\", \"match\": {}}")
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(count.at("/data/count").asInt()).isEqualTo(40);
    }

    private static EntityExchangeResult<byte[]> send(WebTestClient client, URI uri, Request request) {
        WebTestClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(request.method())).uri(uri);
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            spec = spec.header(header.getKey(), header.getValue());
        }
        WebTestClient.RequestHeadersSpec<?> ready = request.body() == null ? spec
                : spec.bodyValue(request.body().getBytes(StandardCharsets.UTF_8));
        return ready.exchange().expectBody().returnResult();
    }

    /** A GET of {@code /v1/collections/{c}/changes}: a server-sent event stream that stays open by design. */
    private static boolean isChangeFeed(Request request, URI uri) {
        String method = request.method().isEmpty() ? "GET" : request.method();
        return (method.equals("GET") || method.equals("HEAD")) && uri.getRawPath() != null
                && uri.getRawPath().endsWith("/changes");
    }

    record Route(String method, String template) {
    }

    record Request(String method, String path, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
            return method + " " + path + " " + headers + " " + shown;
        }
    }

    private List<Route> routes() {
        JsonNode doc = http.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                routes.add(new Route(method.toUpperCase(), path.getKey()));
            }
        }
        return routes;
    }

    private static Arbitrary<Request> request(List<Route> routes, String collection, String token) {
        Arbitrary<Route> route = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(routes)), Tuple.of(1, Arbitraries.of(routes)
                .flatMap(r -> mutatePath(r.template()).map(t -> new Route(r.method(), t)))));
        Arbitrary<String> method = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("")),
                Tuple.of(2, Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")));
        return Combinators.combine(route, method, variable(collection), queryString(), headers(token), body())
                .as((r, m, variables, query, headers, body) -> {
                    String chosen = m.isEmpty() ? r.method() : m;
                    String path = fill(r.template(), variables) + query;
                    boolean sendsBody = !chosen.equals("GET") && !chosen.equals("HEAD") && !chosen.equals("DELETE");
                    return new Request(chosen, path, headers, sendsBody ? body : null);
                });
    }

    private static String fill(String template, List<String> values) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(i++ % values.size())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Values for path variables: the fuzz collection and its key, plausible names, and hostile text (already encoded). */
    private static Arbitrary<List<String>> variable(String collection) {
        Arbitrary<String> one = Arbitraries.oneOf(
                Arbitraries.of(collection, "k1", "me", "following", "followers", "blocked", "x", "k1;x", "users"),
                Arbitraries.strings().alpha().numeric().withChars("_-.~").ofMinLength(1).ofMaxLength(40),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(30).map(RouteFuzzIntegrationTest::encode),
                Arbitraries.of("%2e%2e", "..", "%00", "%ff", "%", "%zz", "a%2Fb", "%61ctuator", "%3B", "%20", "A".repeat(300),
                        "\u00e9".repeat(200), "1e999999999", "-1", "0", "null"));
        return one.list().ofMinSize(3).ofMaxSize(3);
    }

    private static Arbitrary<String> queryString() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("1", "0", "-1", "1e999999999", "9".repeat(1001), "1e-999999999", "true", "null", "", "a,b,c",
                        "%zz", "%", "desc", "asc", "exact", "estimated", "planned", "\"x\"", "x%2Cy", "n,-m", "n desc,m asc",
                        "99999999999999999999", "2147483648", "NaN", "Infinity", "[1]", "{}", "none", "majority"),
                Arbitraries.strings().all().ofMaxLength(40).map(RouteFuzzIntegrationTest::encode));
        Arbitrary<String> pair = Combinators.combine(Arbitraries.oneOf(Arbitraries.of(PARAMS),
                        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20).map(RouteFuzzIntegrationTest::encode)), value)
                .as((k, v) -> encode(k) + "=" + v);
        return pair.list().ofMaxSize(6).map(pairs -> pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
    }

    private static Arbitrary<Map<String, String>> headers(String token) {
        Arbitrary<String> apiKey = Arbitraries.of(SECRET_KEY, SECRET_KEY, PUBLIC_KEY, "", "vk_nope", "x".repeat(5000));
        Arbitrary<String> authorization = Arbitraries.of("", "", "Bearer " + token, "Bearer " + token, "Bearer x.y.z",
                "Bearer ", "Basic Zm9vOmJhcg==", "Bearer " + "a".repeat(4000));
        Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json", "text/plain", "",
                "application/x-ndjson", "multipart/form-data; boundary=x", "application/json; charset=latin1");
        Arbitrary<String> accept = Arbitraries.of("", "application/json", "application/x-ndjson", "text/html", "*/*", "x/y;q=abc");
        Arbitrary<String> extra = Arbitraries.of("", "If-Match:\"1\"", "If-Match:*", "If-Match:zz", "Idempotency-Key:"
                        + UUID.randomUUID(), "Idempotency-Key:" + "k".repeat(400), "X-Forwarded-For:1.2.3.4, ::1", "Range:bytes=0-1",
                "Content-Encoding:gzip", "If-None-Match:*");
        return Combinators.combine(apiKey, authorization, contentType, accept, extra).as((k, a, ct, acc, x) -> {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            if (!k.isEmpty()) {
                headers.put("X-Api-Key", k);
            }
            if (!a.isEmpty()) {
                headers.put("Authorization", a);
            }
            if (!ct.isEmpty()) {
                headers.put("Content-Type", ct);
            }
            if (!acc.isEmpty()) {
                headers.put("Accept", acc);
            }
            if (!x.isEmpty()) {
                int colon = x.indexOf(':');
                headers.put(x.substring(0, colon), x.substring(colon + 1));
            }
            return headers;
        });
    }

    /** Generated JSON built from the API's own field names, valid bodies, and byte-level mutations of both. */
    private static Arbitrary<String> body() {
        Arbitrary<String> generated = json(3);
        Arbitrary<String> known = Arbitraries.of(
                "{\"op\": \"collection.find\", \"collection\": \"c_fuzz\", \"match\": {\"n:$gt\": 1}}",
                "{\"op\": \"collection.upsert\", \"collection\": \"c_fuzz\", \"match\": {\"n\": 1e999999999}, \"update\": {}, \"insert\": {}}",
                "{\"specs\": [{\"op\": \"array_insert\", \"path\": \"tags[0]\", \"values\": [1, 2]}]}",
                "{\"specs\": [{\"op\": \"counter\", \"path\": \"n\", \"delta\": 9223372036854775807}]}",
                "{\"email\": \"fuzz@example.com\", \"password\": \"long enough pw\", \"data\": {\"n\": 1}}",
                "{\"user_id\": \"x\", \"bidirectional\": true}",
                "{\"operations\": [{\"method\": \"PUT\", \"path\": \"/v1/kv/c_fuzz/t\", \"body\": {}}], \"idempotency_key\": \"f\"}",
                "{\"queries\": {\"a\": {\"collection\": \"c_fuzz\"}}}", "{\"n\": 1}", "[1, 2]", "null", "\"x\"", "1e999999999",
                "");
        Arbitrary<String> base = Arbitraries.oneOf(generated, known);
        return Arbitraries.oneOf(base, base.flatMap(RouteFuzzIntegrationTest::mutate));
    }

    private static Arbitrary<String> json(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-1", "1.5", "1e999999999", "-1e-999999999", "9".repeat(1001),
                        "9223372036854775808", "\"@now()\"", "\"\"", "\"c_fuzz\"", "\"k1\""),
                Arbitraries.of(OPS).map(op -> "\"" + op + "\""),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.strings().all().ofMaxLength(20).map(s -> JSON.writeValueAsString(s)));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> child = Arbitraries.lazy(() -> json(depth - 1));
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(FIELDS),
                Arbitraries.strings().all().ofMaxLength(12)).map(k -> JSON.writeValueAsString(k));
        Arbitrary<String> object = Combinators.combine(key, child).as((k, v) -> k + ": " + v).list().ofMaxSize(6)
                .map(entries -> "{" + String.join(", ", entries) + "}");
        Arbitrary<String> array = child.list().ofMaxSize(6).map(items -> "[" + String.join(", ", items) + "]");
        return Arbitraries.frequencyOf(Tuple.of(3, scalar), Tuple.of(4, object),
                Tuple.of(2, array));
    }

    /** Truncates, duplicates or corrupts part of a body. */
    private static Arbitrary<String> mutate(String body) {
        if (body.isEmpty()) {
            return Arbitraries.of("{", "}", "\u0000", "{\"a\":", "[".repeat(100));
        }
        Arbitrary<Integer> at = Arbitraries.integers().between(0, body.length());
        return Arbitraries.oneOf(
                at.map(i -> body.substring(0, i)),
                at.map(i -> body.substring(0, i) + body + body.substring(i)),
                Combinators.combine(at, Arbitraries.of("\"", "{", "]", ",", "\\", "\u0000", "\ud800", "1e999999999", ":",
                        "{\"a\":1,\"a\":2}")).as((i, junk) -> body.substring(0, i) + junk + body.substring(i)),
                Arbitraries.just("[".repeat(70) + "]".repeat(70)),
                Arbitraries.just("{\"a\": " + "[".repeat(40) + "1" + "]".repeat(40) + "}"));
    }

    private static Arbitrary<String> mutatePath(String template) {
        return Arbitraries.of(template + "/", template + "//x", template + "/..", template + ";p=1", template + "/extra/more",
                template.replaceFirst("/v1", "/v1;x"), template.replaceFirst("/v1", "/%76%31"), template.toUpperCase(),
                template + "%", template + "?", template.replace("{", "%7B").replace("}", "%7D"));
    }

    /** Percent-encodes every byte outside the unreserved set, so any text can sit in a URI. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
