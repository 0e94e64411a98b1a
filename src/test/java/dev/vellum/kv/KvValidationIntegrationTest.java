package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import dev.vellum.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

class KvValidationIntegrationTest extends IntegrationTest {

    private KvClient kv;
    private String c;

    @BeforeEach
    void setUp() {
        kv = KvClient.secret(http, port);
        c = freshCollection();
    }

    private String doc(String key) {
        return "/v1/kv/" + c + "/" + key;
    }

    private static void assertValidation(Reply reply, String field) {
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
        if (field != null) {
            assertThat(reply.body().at("/error/details/field").asString()).isEqualTo(field);
        }
    }

    @Test
    void errors_have_exactly_code_message_and_details() {
        Reply missing = kv.get(doc("absent"));
        JsonNode error = missing.body().get("error");
        assertThat(missing.body().propertyNames()).containsExactly("error");
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("code", "message", "details");
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(error.at("/details/key").asString()).isEqualTo("absent");
        assertThat(missing.headers().getContentType().toString()).startsWith("application/json");
    }

    @Test
    void keys_are_percent_decoded_utf8_and_kept_exactly() {
        String encoded = "a%20b%2Fc%3Bd+%C3%A9%25";
        assertThat(kv.put(doc(encoded), "{\"v\": 1}").status()).isEqualTo(200);
        assertThat(kv.get(doc(encoded)).body().at("/content/v").asInt()).isEqualTo(1);
        assertThat(kv.get(doc("a%20b")).status()).isEqualTo(404);
        Reply literalSemicolon = kv.put(doc("x;y"), "{}");
        assertThat(literalSemicolon.status()).isEqualTo(200);
        assertThat(kv.get(doc("x")).status()).isEqualTo(404);
        assertThat(kv.get(doc("x%3By")).status()).isEqualTo(200);
        assertThat(kv.post(doc("lookup_in"), "{}").status()).isEqualTo(201);
    }

    @Test
    void keys_are_one_to_250_bytes_of_valid_utf8_without_nul() {
        assertThat(kv.put(doc("%C3%A9".repeat(125)), "{}").status()).isEqualTo(200);
        assertValidation(kv.put(doc("a".repeat(251)), "{}"), "key");
        assertValidation(kv.get(doc("%C3%A9".repeat(125) + "a")), "key");
        assertValidation(kv.get(doc("%FF")), "key");
        assertValidation(kv.get(doc("%C3")), "key");
        assertValidation(kv.get(doc("a%00b")), "key");
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE)) {
            assertValidation(kv.send(method, "/v1/kv/" + c + "/", method == HttpMethod.GET ? null : "{}", null), "key");
        }
    }

    @Test
    void collection_names_follow_the_datastore_rules() {
        assertValidation(kv.get("/v1/kv/Bad-Name/k"), "collection");
        assertValidation(kv.post("/v1/kv/" + "a".repeat(65) + "/k", "{}"), "collection");
    }

    @Test
    void content_must_be_an_object_or_array_without_reserved_fields_or_excess_depth() {
        for (String scalar : List.of("1", "\"text\"", "null", "true")) {
            assertValidation(kv.post(doc("k"), scalar), null);
            assertValidation(kv.put(doc("k"), scalar), null);
        }
        assertValidation(kv.post(doc("k"), "{\"v\": "), null);
        assertValidation(kv.post(doc("k"), "{\"a\": 1, \"a\": 2}"), null);
        assertValidation(kv.send(HttpMethod.POST, doc("k"), null, null), null);
        assertValidation(kv.post(doc("k"), "{\"_key\": \"other\"}"), "_key");
        assertThat(kv.post(doc("nested"), "{\"a\": {\"_ok\": 1}}").status()).isEqualTo(201);
        String deepest = "[".repeat(32) + "]".repeat(32);
        assertThat(kv.post(doc("deep"), deepest).status()).isEqualTo(201);
        assertValidation(kv.post(doc("deeper"), "[" + deepest + "]"), null);
        assertThat(kv.get(doc("k")).status()).isEqualTo(404);
    }

    @Test
    void unknown_repeated_or_misplaced_query_parameters_are_refused() {
        kv.post(doc("k"), "{}");
        assertValidation(kv.get(doc("k") + "?expiry=1"), "expiry");
        assertValidation(kv.get(doc("k") + "?pretty=true"), "pretty");
        assertValidation(kv.post(doc("n") + "?cas=1", "{}"), "cas");
        assertValidation(kv.put(doc("k") + "?timeout=5", "{}"), "timeout");
        assertValidation(kv.put(doc("k") + "?expiry=1&expiry=2", "{}"), "expiry");
        assertValidation(kv.delete(doc("k") + "?expiry=5"), "expiry");
    }

    @Test
    void expiry_and_durability_values_are_checked() {
        for (String expiry : List.of("-1", "1.5", "abc", "", "99999999999", "2147483648", "+5")) {
            assertValidation(kv.put(doc("k") + "?expiry=" + expiry, "{}"), "expiry");
        }
        for (String level : List.of("strong", "MAJORITY", "", "persistToMajority")) {
            assertValidation(kv.put(doc("k") + "?durability=" + level, "{}"), "durability");
        }
        assertThat(kv.get(doc("k")).status()).isEqualTo(404);
    }

    @Test
    void malformed_cas_values_are_refused_and_change_nothing() {
        String cas = kv.post(doc("k"), "{\"v\": 1}").cas();
        for (String bad : List.of("abc", "0", "-1", "01", "1.0", "%201", "99999999999999999999", "")) {
            assertValidation(kv.put(doc("k") + "?cas=" + bad, "{\"v\": 2}"), "cas");
            assertValidation(kv.delete(doc("k") + "?cas=" + bad), "cas");
        }
        for (String header : List.of(cas, "W/\"" + cas + "\"", "\"" + cas + "\", \"1\"", "\"\"", "\"")) {
            assertValidation(kv.put(doc("k"), "{\"v\": 2}", header), "If-Match");
            assertValidation(kv.delete(doc("k"), header), "If-Match");
        }
        assertValidation(kv.put(doc("k") + "?cas=" + cas, "{\"v\": 2}", "\"" + cas + "\""), "cas");
        Reply got = kv.get(doc("k"));
        assertThat(got.cas()).isEqualTo(cas);
        assertThat(got.body().at("/content/v").asInt()).isEqualTo(1);
    }
}
