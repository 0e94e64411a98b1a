package dev.vellum.kv;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

class KvOptionsIntegrationTest extends IntegrationTest {

    @Autowired
    private DatabaseClient db;

    private KvClient kv;
    private Ops ops;
    private String c;

    @BeforeEach
    void setUp() {
        kv = KvClient.secret(http, port);
        ops = new Ops(http, SECRET_KEY, null);
        c = freshCollection();
    }

    private String doc(String key) {
        return "/v1/kv/" + c + "/" + key;
    }

    @Test
    void an_expired_document_is_gone_for_kv_and_the_datastore_and_its_key_is_free_again() throws InterruptedException {
        assertThat(kv.put(doc("short") + "?expiry=1", "{\"v\": 1}").status()).isEqualTo(200);
        kv.post(doc("long") + "?expiry=3600", "{\"v\": 2}");
        boolean gone = false;
        for (int attempt = 0; attempt < 50 && !gone; attempt++) {
            gone = kv.get(doc("short")).status() == 404;
            if (!gone) {
                Thread.sleep(100);
            }
        }
        assertThat(gone).as("document with expiry=1 disappears within 5 s").isTrue();
        assertThat(Ops.keys(ops.ok(op("collection.find", c, "match", Map.of())))).containsExactly("long");
        assertThat(kv.delete(doc("short")).status()).isEqualTo(404);
        assertThat(kv.put(doc("short") + "?cas=1", "{}").status()).isEqualTo(404);
        assertThat(kv.post(doc("short"), "{\"v\": 3}").status()).isEqualTo(201);
        assertThat(kv.get(doc("short")).body().at("/content/v").asInt()).isEqualTo(3);
    }

    @Test
    void expiry_sets_expires_at_and_a_write_without_expiry_clears_it() {
        kv.put(doc("k") + "?expiry=3600", "{}");
        OffsetDateTime expires = expiresAt("k").orElseThrow();
        assertThat(expires).isBetween(OffsetDateTime.now().plusMinutes(50), OffsetDateTime.now().plusMinutes(70));
        String cas = kv.put(doc("k"), "{}").cas();
        assertThat(expiresAt("k")).isEmpty();
        kv.put(doc("k") + "?expiry=60&cas=" + cas, "{}");
        assertThat(expiresAt("k")).isPresent();
        kv.put(doc("k") + "?expiry=0", "{}");
        assertThat(expiresAt("k")).isEmpty();
    }

    @Test
    void every_durability_level_is_accepted_on_every_write() {
        for (String level : List.of("none", "majority", "majority_and_persist_to_active", "persist_to_majority")) {
            String key = "d_" + level;
            Reply inserted = kv.post(doc(key) + "?durability=" + level, "{\"v\": 1}");
            assertThat(inserted.status()).as(level).isEqualTo(201);
            assertThat(kv.put(doc(key) + "?durability=" + level, "{\"v\": 2}").status()).as(level).isEqualTo(200);
            String cas = kv.get(doc(key)).cas();
            assertThat(kv.put(doc(key) + "?durability=" + level + "&cas=" + cas, "{\"v\": 3}").status()).as(level).isEqualTo(200);
            assertThat(kv.get(doc(key)).body().at("/content/v").asInt()).as(level).isEqualTo(3);
            assertThat(kv.delete(doc(key) + "?durability=" + level).status()).as(level).isEqualTo(200);
        }
    }

    @Test
    void a_failed_write_with_durability_rolls_back_and_reports_the_error() {
        kv.post(doc("k"), "{\"v\": 1}");
        assertThat(kv.post(doc("k") + "?durability=majority", "{\"v\": 2}").errorCode()).isEqualTo("DOCUMENT_EXISTS");
        assertThat(kv.put(doc("k") + "?durability=none&cas=999", "{}").errorCode()).isEqualTo("CAS_MISMATCH");
        assertThat(kv.get(doc("k")).body().at("/content/v").asInt()).isEqualTo(1);
    }

    private Optional<OffsetDateTime> expiresAt(String key) {
        return db.sql("select expires_at from documents where collection = $1 and key = $2")
                .bind(0, c).bind(1, key)
                .map((row, meta) -> Optional.ofNullable(row.get("expires_at", OffsetDateTime.class)))
                .one().block(Duration.ofSeconds(10));
    }
}
