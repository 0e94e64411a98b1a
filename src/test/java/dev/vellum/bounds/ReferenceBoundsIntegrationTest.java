package dev.vellum.bounds;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.BoundedIntegrationTest;
import dev.vellum.support.Ops;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One large document referenced many times cannot blow up an answer: every reference to it
 * shares one copy, and past {@code vellum.references.max-resolved-bytes} (200 KB here) the
 * request is refused with {@code 413 RESPONSE_TOO_LARGE}. On the old main a 50 KB document
 * referenced ten times became 500 KB of answer (and 25,000 times, gigabytes).
 */
class ReferenceBoundsIntegrationTest extends BoundedIntegrationTest {

    private static final String PADDING = "y".repeat(50_000);

    @Test
    void a_lookup_past_the_cap_is_refused_naming_the_field_and_the_limit() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String targets = freshCollection();
        String sources = freshCollection();
        String big = ops.insert(targets, List.of(Map.of("padding", PADDING))).get(0).get("_key").asString();
        ops.insert(sources, List.of(Map.of("name", "few", "refs", Collections.nCopies(3, big)),
                Map.of("name", "many", "refs", Collections.nCopies(10, big))));

        JsonNode few = ops.ok(op("collection.find", sources, "match", Map.of("name", "few"), "lookup", Map.of("refs", targets)));
        JsonNode refs = few.at("/data/0/refs");
        assertThat(refs).hasSize(3);
        refs.forEach(ref -> assertThat(ref.get("padding").asString()).isEqualTo(PADDING));

        JsonNode error = ops.errorBody(op("collection.find", sources, "lookup", Map.of("refs", targets)), 413);
        assertThat(error.get("code").asString()).isEqualTo("RESPONSE_TOO_LARGE");
        assertThat(error.at("/details/field").asString()).isEqualTo("refs");
        assertThat(error.at("/details/limit").asLong()).isEqualTo(200 * 1024);
    }

    @Test
    void a_populate_past_the_cap_is_refused_and_one_under_it_answers() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String targets = freshCollection();
        String sources = freshCollection();
        String big = ops.insert(targets, List.of(Map.of("padding", PADDING))).get(0).get("_key").asString();
        String few = ops.insert(sources, List.of(Map.of("refs", Collections.nCopies(3, big)))).get(0).get("_key").asString();
        String many = ops.insert(sources, List.of(Map.of("refs", Collections.nCopies(10, big)))).get(0).get("_key").asString();

        http.get().uri("/v1/collections/{c}/documents/{id}?populate=refs:{t}", sources, few, targets)
                .header("X-Api-Key", SECRET_KEY).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.refs.length()").isEqualTo(3).jsonPath("$.refs[2].padding").isEqualTo(PADDING);
        http.get().uri("/v1/collections/{c}/documents/{id}?populate=refs:{t}", sources, many, targets)
                .header("X-Api-Key", SECRET_KEY).exchange().expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error.code").isEqualTo("RESPONSE_TOO_LARGE")
                .jsonPath("$.error.details.field").isEqualTo("refs");
    }
}
