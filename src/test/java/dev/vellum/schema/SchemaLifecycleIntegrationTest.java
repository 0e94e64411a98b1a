package dev.vellum.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Flux;

/**
 * Setting, changing and removing a schema: documents stored before keep being readable and are
 * held to the schema at their next change; a change reaches every instance through the
 * notification; a stored schema that does not compile refuses every write.
 */
class SchemaLifecycleIntegrationTest extends SchemaTestBase {

    private String docs() {
        return "/v1/collections/" + c + "/documents";
    }

    @Test
    void a_document_stored_before_the_schema_stays_readable_and_must_conform_at_its_next_change() {
        String id = call(HttpMethod.POST, docs(), "{'title': 'Old', 'price': -5}").body().get("id").asString();
        setSchema(c, PRODUCT);

        assertThat(call(HttpMethod.GET, docs() + "/" + id, null).body().get("price").asInt()).isEqualTo(-5);
        assertThat(all(c)).containsExactly(parse("{'title': 'Old', 'price': -5}"));
        assertRefused(call(HttpMethod.PATCH, docs() + "/" + id, "{'stock': 1}"), "/price");
        assertThat(all(c)).containsExactly(parse("{'title': 'Old', 'price': -5}"));

        assertThat(call(HttpMethod.PATCH, docs() + "/" + id, "{'price': 5}").status()).isEqualTo(200);
        assertThat(all(c)).containsExactly(parse("{'title': 'Old', 'price': 5}"));
        assertThat(call(HttpMethod.DELETE, docs() + "/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void a_schema_change_applies_to_the_next_request() {
        setSchema(c, PRODUCT);
        assertRefused(call(HttpMethod.POST, docs(), "{'title': 'Pen', 'price': 1, 'colour': 'blue'}"), "/colour");

        setSchema(c, "{'type': 'object', 'required': ['colour']}");
        assertThat(call(HttpMethod.POST, docs(), "{'title': 'Pen', 'price': 1, 'colour': 'blue'}").status()).isEqualTo(201);
        assertRefused(call(HttpMethod.POST, docs(), "{'title': 'Pen', 'price': 1}"), "/colour");

        setSchema(c, null);
        assertThat(call(HttpMethod.POST, docs(), "{'anything': true}").status()).isEqualTo(201);
        assertThat(all(c)).hasSize(2);
    }

    @Test
    void a_schema_written_with_sql_reaches_the_cache_through_the_notification() {
        call(HttpMethod.POST, docs(), "{'title': 'Pen', 'price': 1}");
        sql("update collections set settings = settings || '{\"schema\": {\"required\": [\"sku\"]}}' where project_id = $1 and name = $2");
        eventually(Optional::isPresent);
        assertRefused(call(HttpMethod.POST, docs(), "{'title': 'Pen', 'price': 1}"), "/sku");

        sql("update collections set settings = settings - 'schema' where project_id = $1 and name = $2");
        eventually(Optional::isEmpty);
        assertThat(call(HttpMethod.POST, docs(), "{'title': 'Pen', 'price': 1}").status()).isEqualTo(201);
    }

    @Test
    void a_stored_schema_that_does_not_compile_refuses_every_write_but_not_reads() {
        String id = call(HttpMethod.POST, docs(), "{'title': 'Pen', 'price': 1}").body().get("id").asString();
        setSchema(c, "{'properties': {'a': {'$ref': 'https://example.com/remote.json'}}}");

        Reply refused = call(HttpMethod.PATCH, docs() + "/" + id, "{'price': 2}");
        assertRefused(refused, "");
        assertThat(refused.body().at("/error/message").asString())
                .startsWith("the document does not match the collection's schema: the document: the collection's stored schema is not valid");
        assertThat(call(HttpMethod.GET, docs() + "/" + id, null).status()).isEqualTo(200);
        assertThat(all(c)).containsExactly(parse("{'title': 'Pen', 'price': 1}"));
    }

    private void sql(String text) {
        db.sql(text).bind(0, projectId).bind(1, c).fetch().rowsUpdated().block();
    }

    private void eventually(Predicate<Optional<DocumentSchema>> wanted) {
        Flux.interval(Duration.ZERO, Duration.ofMillis(50))
                .map(tick -> schemas.of(projectId, c))
                .filter(wanted)
                .next()
                .timeout(Duration.ofSeconds(30))
                .block();
    }
}
