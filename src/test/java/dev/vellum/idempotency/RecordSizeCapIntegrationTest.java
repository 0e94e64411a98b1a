package dev.vellum.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.config.VellumProperties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Answers larger than {@code vellum.idempotency.max-record-size} are never recorded: an
 * Idempotency-Key request is refused (413, its writes rolled back, the refusal replayed) and a
 * transaction fails with nothing applied, so exactly-once holds and no record grows unbounded.
 */
class RecordSizeCapIntegrationTest extends IdempotencyTestBase {

    private static final int DOCUMENT_CHARS = 900_000;

    @Autowired
    private VellumProperties properties;

    /** Answers of several megabytes are read whole. */
    @BeforeEach
    void largeAnswers() {
        http = http.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build();
    }

    /** A collection holding more bytes than a record may hold, in documents under the body limit. */
    private String bigCollection() {
        String collection = freshCollection();
        long cap = properties.idempotency().maxRecordSize().toBytes();
        String filler = "x".repeat(DOCUMENT_CHARS);
        for (long stored = 0; stored <= cap; stored += DOCUMENT_CHARS) {
            Reply inserted = secret(HttpMethod.POST, "/v1/datastore",
                    "{\"op\": \"collection.insert\", \"collection\": \"" + collection + "\", \"data\": {\"filler\": \"" + filler + "\"}}");
            assertThat(inserted.status()).as(inserted.text()).isEqualTo(200);
        }
        return collection;
    }

    @Test
    void an_idempotent_answer_past_the_cap_is_refused_and_the_refusal_replayed() {
        String collection = bigCollection();
        String find = "{\"op\": \"collection.find\", \"collection\": \"" + collection + "\", \"limit\": 100}";
        assertThat(secret(HttpMethod.POST, "/v1/datastore", find).status()).as("without a key it answers").isEqualTo(200);
        String key = freshKey();
        Reply refused = secret(HttpMethod.POST, "/v1/datastore", find, "Idempotency-Key", key);
        assertThat(refused.status()).as(refused.text()).isEqualTo(413);
        assertThat(refused.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(refused.json().at("/error/details/field").asString()).isEqualTo("Idempotency-Key");
        assertThat(refused.json().at("/error/details/max_bytes").asLong())
                .isEqualTo(properties.idempotency().maxRecordSize().toBytes());
        refused.assertReplayedBy(secret(HttpMethod.POST, "/v1/datastore", find, "Idempotency-Key", key));
        assertThat(count("select octet_length(body) from fence_records where kind = 'request' and key = $1", key))
                .isLessThan(1000);
    }

    @Test
    void a_transaction_whose_result_is_past_the_cap_applies_nothing_however_often_it_is_sent() {
        String big = bigCollection();
        String written = freshCollection();
        String body = "{\"idempotency_key\": \"big-" + UUID.randomUUID() + "\", \"operations\": ["
                + "{\"datastore\": {\"op\": \"collection.insert\", \"collection\": \"" + written + "\", \"data\": {\"n\": 1}}},"
                + "{\"datastore\": {\"op\": \"collection.find\", \"collection\": \"" + big + "\", \"limit\": 100}}]}";
        for (int attempt = 0; attempt < 2; attempt++) {
            Reply reply = secret(HttpMethod.POST, "/v1/transactions", body);
            JsonNode outcome = reply.json();
            assertThat(outcome.get("ok").asBoolean()).as(reply.text().substring(0, Math.min(400, reply.text().length())))
                    .isFalse();
            assertThat(outcome.get("error_code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
            assertThat(documents(written)).as("the insert was rolled back").isZero();
        }
    }
}
