package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import dev.vellum.support.IntegrationTest;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

/**
 * Base for the lookup_in / mutate_in tests through HTTP: the seed's customer123 document, and
 * assertions that a mutation was stored (new cas, content as expected) or refused (error code,
 * spec index, content and cas exactly as before).
 */
abstract class SubdocHttpTest extends IntegrationTest {

    /** The seed's customer123 document (seeds/003). */
    static final String CUSTOMER = """
            {"name": "Douglas Reynholm", "email": "douglas@reynholmindustries.com",
             "addresses": {
               "billing": {"line1": "123 Any Street", "line2": "Anytown", "country": "United Kingdom"},
               "delivery": {"line1": "123 Any Street", "line2": "Anytown", "country": "United Kingdom"}},
             "purchases": {"complete": [339, 976, 442, 666], "abandoned": [157, 42, 999]}}""";
    static final String CUSTOMER_KEY = "customer123";

    /** A document as a GET returned it. */
    record Snapshot(String cas, JsonNode content) {
    }

    protected KvClient kv;
    protected String c;

    @BeforeEach
    void setUpSubdoc() {
        kv = KvClient.secret(http, port);
        c = freshCollection();
    }

    String doc(String key) {
        return "/v1/kv/" + c + "/" + key;
    }

    static JsonNode json(String text) {
        return KvClient.JSON.readTree(text);
    }

    /** {@code {"specs": [spec, ...]}} from spec objects written as JSON text. */
    static String specs(String... specs) {
        return "{\"specs\": [" + String.join(", ", specs) + "]}";
    }

    /** {@code {"specs": [...], <options>}}; options is JSON members without braces. */
    static String specsWith(String options, String... specs) {
        return "{\"specs\": [" + String.join(", ", specs) + "], " + options + "}";
    }

    /** Creates a document with {@code POST /v1/kv/{c}/{key}} and returns its cas. */
    String create(String key, String content) {
        Reply created = kv.post(doc(key), content);
        assertThat(created.status()).as("create %s", key).isEqualTo(201);
        return created.cas();
    }

    String createCustomer() {
        return create(CUSTOMER_KEY, CUSTOMER);
    }

    Snapshot snapshot(String key) {
        Reply got = kv.get(doc(key));
        assertThat(got.status()).as("GET %s", key).isEqualTo(200);
        return new Snapshot(got.cas(), got.body().get("content"));
    }

    /**
     * Runs a mutate_in that must succeed: 200, a new cas (also the ETag and what GET now
     * returns), one result per spec. Returns the reply; {@link #snapshot} shows the content.
     */
    Reply mutateOk(String key, String body) {
        Snapshot before = snapshot(key);
        Reply reply = kv.mutateIn(doc(key), body);
        assertThat(reply.status()).as("mutate_in %s -> %s", body, reply.body()).isEqualTo(200);
        assertThat(reply.body().propertyNames()).containsExactly("cas", "results");
        assertThat(reply.cas()).isNotEqualTo(before.cas());
        assertThat(reply.headers().getETag()).isEqualTo("\"" + reply.cas() + "\"");
        assertThat(reply.body().get("results")).hasSize(json(body).get("specs").size());
        assertThat(snapshot(key).cas()).isEqualTo(reply.cas());
        return reply;
    }

    /** mutateOk, then the stored content must equal {@code expected}. */
    Reply mutateStores(String key, String body, String expected) {
        Reply reply = mutateOk(key, body);
        assertThat(snapshot(key).content()).isEqualTo(json(expected));
        return reply;
    }

    /**
     * Runs a mutate_in that must fail with this status and code, naming spec {@code specIndex}
     * (null: no spec_index), leaving the document's content and cas exactly as they were.
     */
    Reply mutateRefused(String key, String body, int status, String code, Integer specIndex) {
        Snapshot before = snapshot(key);
        Reply reply = kv.mutateIn(doc(key), body);
        assertRefused(reply, status, code, specIndex);
        assertThat(snapshot(key)).isEqualTo(before);
        return reply;
    }

    static void assertRefused(Reply reply, int status, String code, Integer specIndex) {
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(status);
        assertThat(reply.errorCode()).as("%s", reply.body()).isEqualTo(code);
        assertThat(reply.body().at("/error/message").asString()).isNotBlank();
        JsonNode index = reply.body().at("/error/details/spec_index");
        if (specIndex == null) {
            assertThat(index.isMissingNode()).as("no spec_index in %s", reply.body()).isTrue();
        } else {
            assertThat(index.isIntegralNumber()).as("spec_index in %s", reply.body()).isTrue();
            assertThat(index.asInt()).isEqualTo(specIndex);
        }
    }

    /** A dotted path of {@code n} components {@code a.a.a...}. */
    static String dotted(int n) {
        return Arrays.stream(new String[n]).map(x -> "a").collect(Collectors.joining("."));
    }

    /** {@code [[[...0...]]]}: a value nesting {@code levels} levels deep. */
    static String nested(int levels) {
        return "[".repeat(levels - 1) + "0" + "]".repeat(levels - 1);
    }
}
