package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * mutate_in failures through HTTP: all-or-nothing with the failing spec named, limits, and
 * malformed requests. Every refusal leaves the content and the cas exactly as they were.
 */
class MutateInErrorsIntegrationTest extends SubdocHttpTest {

    /** Two specs that succeed on their own; the third is the one under test. */
    private static final String FIRST = "{\"op\": \"array_append\", \"path\": \"purchases.complete\", \"value\": 777}";
    private static final String SECOND = "{\"op\": \"upsert\", \"path\": \"numbers\", "
            + "\"value\": {\"max\": 9223372036854775807, \"huge\": 1e30, \"text\": \"1\"}}";

    @BeforeEach
    void customer() {
        createCustomer();
    }

    static Stream<Arguments> failingThirdSpecs() {
        return Stream.of(
                Arguments.of("{\"op\": \"insert\", \"path\": \"purchases.complete\", \"value\": 1}", 409, "PATH_EXISTS"),
                Arguments.of("{\"op\": \"array_addunique\", \"path\": \"purchases.complete\", \"value\": 777}", 409, "PATH_EXISTS"),
                Arguments.of("{\"op\": \"replace\", \"path\": \"nope\", \"value\": 1}", 422, "PATH_NOT_FOUND"),
                Arguments.of("{\"op\": \"remove\", \"path\": \"numbers.nope\"}", 422, "PATH_NOT_FOUND"),
                Arguments.of("{\"op\": \"upsert\", \"path\": \"a.b\", \"value\": 1}", 422, "PATH_NOT_FOUND"),
                Arguments.of("{\"op\": \"array_insert\", \"path\": \"purchases.complete[6]\", \"value\": 1}", 422, "PATH_NOT_FOUND"),
                Arguments.of("{\"op\": \"upsert\", \"path\": \"purchases.complete.sierra\", \"value\": 1}", 422, "PATH_MISMATCH"),
                Arguments.of("{\"op\": \"counter\", \"path\": \"numbers.text\", \"delta\": 1}", 422, "PATH_MISMATCH"),
                Arguments.of("{\"op\": \"array_append\", \"path\": \"numbers\", \"value\": 1}", 422, "PATH_MISMATCH"),
                Arguments.of("{\"op\": \"counter\", \"path\": \"numbers.max\", \"delta\": 1}", 422, "VALUE_CANT_INSERT"),
                Arguments.of("{\"op\": \"counter\", \"path\": \"numbers.huge\", \"delta\": -1}", 422, "NUMBER_TOO_BIG"),
                Arguments.of("{\"op\": \"array_addunique\", \"path\": \"purchases.complete\", \"value\": {}}", 422, "VALUE_CANT_INSERT"),
                Arguments.of("{\"op\": \"counter\", \"path\": \"logins\", \"delta\": 0}", 422, "DELTA_INVALID"),
                Arguments.of("{\"op\": \"upsert\", \"path\": \"deep\", \"value\": " + nested(32) + "}", 422, "VALUE_TOO_DEEP"),
                Arguments.of("{\"op\": \"upsert\", \"path\": \"a[-2]\", \"value\": 1}", 400, "PATH_INVALID"),
                Arguments.of("{\"op\": \"upsert\", \"path\": \"a..b\", \"value\": 1}", 400, "PATH_INVALID"),
                Arguments.of("{\"op\": \"upsert\", \"path\": \"" + dotted(32) + "\", \"value\": 1}", 400, "PATH_TOO_BIG"),
                Arguments.of("{\"op\": \"upsert\", \"path\": \"" + "k".repeat(1025) + "\", \"value\": 1}", 400, "PATH_TOO_BIG"),
                Arguments.of("{\"op\": \"upsert\", \"path\": \"x\", \"value\": 1, \"xattr\": true}", 400, "VALIDATION_ERROR"),
                Arguments.of("{\"op\": \"increment\", \"path\": \"x\", \"delta\": 1}", 400, "VALIDATION_ERROR"),
                Arguments.of("{\"op\": \"upsert\", \"path\": \"x\"}", 400, "VALIDATION_ERROR"),
                Arguments.of("{\"op\": \"upsert\", \"path\": 7, \"value\": 1}", 400, "VALIDATION_ERROR"),
                Arguments.of("[\"upsert\", \"x\", 1]", 400, "VALIDATION_ERROR"));
    }

    @ParameterizedTest(name = "{2}: {0}")
    @MethodSource("failingThirdSpecs")
    void a_failing_third_spec_is_named_and_the_first_two_are_not_applied(String third, int status, String code) {
        mutateRefused(CUSTOMER_KEY, specs(FIRST, SECOND, third), status, code, 2);
        assertThat(snapshot(CUSTOMER_KEY).content()).isEqualTo(json(CUSTOMER));
    }

    @Test
    void the_first_two_specs_alone_succeed() {
        mutateOk(CUSTOMER_KEY, specs(FIRST, SECOND));
        assertThat(snapshot(CUSTOMER_KEY).content().at("/purchases/complete/4").asInt()).isEqualTo(777);
        assertThat(snapshot(CUSTOMER_KEY).content().at("/numbers/max").asLong()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void sixteen_specs_apply_and_seventeen_are_a_validation_error_changing_nothing() {
        String[] specs = new String[17];
        Arrays.fill(specs, "{\"op\": \"counter\", \"path\": \"logins\", \"delta\": 1}");
        Reply refused = mutateRefused(CUSTOMER_KEY, specs(specs), 400, "VALIDATION_ERROR", null);
        assertThat(refused.body().at("/error/details/field").asString()).isEqualTo("specs");
        Reply sixteen = mutateOk(CUSTOMER_KEY, specs(Arrays.copyOf(specs, 16)));
        assertThat(sixteen.body().at("/results/15/value").asInt()).isEqualTo(16);
        assertThat(snapshot(CUSTOMER_KEY).content().get("logins").asInt()).isEqualTo(16);
    }

    @Test
    void paths_of_31_components_are_the_limit_and_documents_nest_at_most_32_levels() {
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"" + dotted(31) + "\", \"value\": [], \"create_parents\": true}"));
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_append\", \"path\": \"" + dotted(31) + "\", \"value\": 1}"),
                422, "VALUE_TOO_DEEP", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"" + dotted(31) + "\", \"value\": [1]}"),
                422, "VALUE_TOO_DEEP", 0);
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"deep\", \"value\": " + nested(31) + "}"));
        assertThat(snapshot(CUSTOMER_KEY).content().get("deep").toString()).isEqualTo(nested(31).replace(" ", ""));
    }

    @Test
    void an_unknown_body_field_is_400_and_changes_nothing() {
        Reply reply = mutateRefused(CUSTOMER_KEY, specsWith("\"timeout\": 5", FIRST), 400, "VALIDATION_ERROR", null);
        assertThat(reply.body().at("/error/details/field").asString()).isEqualTo("timeout");
    }

    @Test
    void query_string_parameters_are_400_and_change_nothing() {
        Snapshot before = snapshot(CUSTOMER_KEY);
        Reply reply = kv.mutateIn(doc(CUSTOMER_KEY) + "?cas=" + before.cas(), specs(FIRST));
        assertRefused(reply, 400, "VALIDATION_ERROR", null);
        assertThat(snapshot(CUSTOMER_KEY)).isEqualTo(before);
        assertRefused(kv.mutateIn(doc(CUSTOMER_KEY) + "?expiry=1", specs(FIRST)), 400, "VALIDATION_ERROR", null);
        assertThat(snapshot(CUSTOMER_KEY)).isEqualTo(before);
    }

    @Test
    void malformed_bodies_are_400_and_change_nothing() {
        for (String body : new String[] {
                "{\"specs\": [" + FIRST + "]", "not json", "[]", "{}", "{\"specs\": []}", "{\"specs\": {}}",
                "{\"specs\": null}", "{\"specs\": [" + FIRST + "], \"cas\": 5}", "{\"specs\": [" + FIRST + "], \"cas\": \"abc\"}",
                "{\"specs\": [" + FIRST + "], \"expiry\": -1}", "{\"specs\": [" + FIRST + "], \"expiry\": 1.5}"}) {
            mutateRefused(CUSTOMER_KEY, body, 400, "VALIDATION_ERROR", null);
        }
        Snapshot before = snapshot(CUSTOMER_KEY);
        assertRefused(kv.send(org.springframework.http.HttpMethod.POST, doc(CUSTOMER_KEY) + "/mutate_in", null, null),
                400, "VALIDATION_ERROR", null);
        assertThat(snapshot(CUSTOMER_KEY)).isEqualTo(before);
    }

    @Test
    void a_missing_document_is_404_document_not_found() {
        Reply reply = kv.mutateIn(doc("customer456"), specs(FIRST));
        assertRefused(reply, 404, "DOCUMENT_NOT_FOUND", null);
        assertThat(kv.get(doc("customer456")).status()).isEqualTo(404);
    }
}
