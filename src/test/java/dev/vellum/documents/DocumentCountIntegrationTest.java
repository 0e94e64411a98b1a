package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.documents.DocsClient.Reply;
import org.junit.jupiter.api.Test;

/** {@code total} of a documents query past the exact-count threshold (1000), and {@code ?count=}. */
class DocumentCountIntegrationTest extends DocumentsTestBase {

    private static final int DOCUMENTS = 1_200;

    /** A fresh collection of {@value #DOCUMENTS} documents {"n": i}. */
    private String seeded(DocsClient s) {
        String c = freshCollection();
        for (int from = 0; from < DOCUMENTS; from += 600) {
            StringBuilder body = new StringBuilder("[");
            for (int i = from; i < from + 600; i++) {
                body.append(i == from ? "" : ",").append("{\"n\": ").append(i).append("}");
            }
            assertThat(s.post(docs(c), body.append("]").toString()).status()).isEqualTo(201);
        }
        return c;
    }

    @Test
    void a_query_past_the_threshold_estimates_the_total_and_knows_has_more() {
        DocsClient s = service();
        String c = seeded(s);
        Reply page = s.get(docs(c) + "?limit=20&sort=n");
        assertThat(page.body().get("data")).hasSize(20);
        assertThat(page.body().get("count_estimated").asBoolean()).isTrue();
        assertThat(page.body().get("total").asLong()).isGreaterThan(1000);
        assertThat(page.body().get("has_more").asBoolean()).isTrue();
        Reply last = s.get(docs(c) + "?limit=20&sort=n&offset=" + (DOCUMENTS - 20));
        assertThat(last.body().get("has_more").asBoolean()).isFalse();
        assertThat(last.body().get("total").asLong()).isEqualTo(DOCUMENTS);
        assertThat(last.body().get("count_estimated").asBoolean()).isFalse();
    }

    @Test
    void count_exact_answers_the_exact_total() {
        DocsClient s = service();
        String c = seeded(s);
        Reply page = s.get(docs(c) + "?limit=20&count=exact");
        assertThat(page.body().get("total").asLong()).isEqualTo(DOCUMENTS);
        assertThat(page.body().get("count_estimated").asBoolean()).isFalse();
        assertThat(page.body().get("has_more").asBoolean()).isTrue();
        Reply past = s.get(docs(c) + "?offset=5000&count=exact");
        assertThat(past.body().get("total").asLong()).isEqualTo(DOCUMENTS);
        assertThat(past.body().get("has_more").asBoolean()).isFalse();
    }

    @Test
    void a_small_query_counts_exactly_and_an_unknown_mode_is_refused() {
        DocsClient s = service();
        String c = freshCollection();
        s.post(docs(c), "[{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]");
        Reply page = s.get(docs(c) + "?limit=2&count=planned");
        assertThat(page.body().get("has_more").asBoolean()).isTrue();
        assertThat(page.body().get("count_estimated").asBoolean()).isTrue();
        Reply small = s.get(docs(c) + "?limit=2");
        assertThat(small.body().get("total").asLong()).isEqualTo(3);
        assertThat(small.body().get("count_estimated").asBoolean()).isFalse();
        assertThat(s.get(docs(c) + "?count=roughly").errorCode()).isEqualTo("VALIDATION_ERROR");
    }
}
