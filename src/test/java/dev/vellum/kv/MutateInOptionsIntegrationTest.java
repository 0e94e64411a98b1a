package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** mutate_in's options through HTTP: cas (body or If-Match), store_semantics, expiry, durability. */
class MutateInOptionsIntegrationTest extends SubdocHttpTest {

    private static final String FAX = "{\"op\": \"upsert\", \"path\": \"fax\", \"value\": \"311-555-0151\"}";

    private static void eventually(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", within).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void a_matching_cas_in_the_body_applies_and_a_stale_one_is_409_cas_mismatch() {
        String cas = createCustomer();
        Reply ok = mutateOk(CUSTOMER_KEY, specsWith("\"cas\": \"" + cas + "\"", FAX));
        assertThat(snapshot(CUSTOMER_KEY).content().get("fax").asString()).isEqualTo("311-555-0151");
        mutateRefused(CUSTOMER_KEY, specsWith("\"cas\": \"" + cas + "\"", "{\"op\": \"remove\", \"path\": \"fax\"}"),
                409, "CAS_MISMATCH", null);
        mutateOk(CUSTOMER_KEY, specsWith("\"cas\": \"" + ok.cas() + "\"", "{\"op\": \"remove\", \"path\": \"fax\"}"));
        assertThat(snapshot(CUSTOMER_KEY).content()).isEqualTo(json(CUSTOMER));
    }

    @Test
    void if_match_is_the_header_form_of_the_cas_and_giving_both_is_400() {
        String cas = createCustomer();
        Snapshot before = snapshot(CUSTOMER_KEY);
        Reply ok = kv.mutateIn(doc(CUSTOMER_KEY), specs(FAX), "\"" + cas + "\"");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.cas()).isNotEqualTo(before.cas());
        assertThat(snapshot(CUSTOMER_KEY).cas()).isEqualTo(ok.cas());

        Snapshot after = snapshot(CUSTOMER_KEY);
        assertRefused(kv.mutateIn(doc(CUSTOMER_KEY), specs("{\"op\": \"remove\", \"path\": \"fax\"}"), "\"" + cas + "\""),
                409, "CAS_MISMATCH", null);
        assertRefused(kv.mutateIn(doc(CUSTOMER_KEY), specsWith("\"cas\": \"" + ok.cas() + "\"", "{\"op\": \"remove\", \"path\": \"fax\"}"),
                "\"" + ok.cas() + "\""), 400, "VALIDATION_ERROR", null);
        assertRefused(kv.mutateIn(doc(CUSTOMER_KEY), specs("{\"op\": \"remove\", \"path\": \"fax\"}"), ok.cas()),
                400, "VALIDATION_ERROR", null);
        assertRefused(kv.mutateIn(doc(CUSTOMER_KEY), specs("{\"op\": \"remove\", \"path\": \"fax\"}"), "W/\"" + ok.cas() + "\""),
                400, "VALIDATION_ERROR", null);
        assertThat(snapshot(CUSTOMER_KEY)).isEqualTo(after);
    }

    @Test
    void store_semantics_replace_is_the_default_and_needs_the_document() {
        Reply missing = kv.mutateIn(doc("nobody"), specsWith("\"store_semantics\": \"replace\"", FAX));
        assertRefused(missing, 404, "DOCUMENT_NOT_FOUND", null);
        assertRefused(kv.mutateIn(doc("nobody"), specs(FAX)), 404, "DOCUMENT_NOT_FOUND", null);
        assertThat(kv.get(doc("nobody")).status()).isEqualTo(404);
        createCustomer();
        mutateOk(CUSTOMER_KEY, specsWith("\"store_semantics\": \"replace\"", FAX));
    }

    @Test
    void store_semantics_upsert_creates_an_object_document_or_modifies_the_existing_one() {
        Reply created = kv.mutateIn(doc("fresh"), specsWith("\"store_semantics\": \"upsert\"", FAX,
                "{\"op\": \"counter\", \"path\": \"logins\", \"delta\": 1}"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().get("results")).isEqualTo(json("[{}, {\"value\": 1}]"));
        assertThat(snapshot("fresh")).isEqualTo(new Snapshot(created.cas(), json("{\"fax\": \"311-555-0151\", \"logins\": 1}")));

        mutateStores("fresh", specsWith("\"store_semantics\": \"upsert\"", "{\"op\": \"counter\", \"path\": \"logins\", \"delta\": 1}"),
                "{\"fax\": \"311-555-0151\", \"logins\": 2}");
    }

    @Test
    void a_failing_spec_under_upsert_semantics_creates_nothing() {
        Reply reply = kv.mutateIn(doc("fresh"), specsWith("\"store_semantics\": \"upsert\"", FAX,
                "{\"op\": \"replace\", \"path\": \"missing\", \"value\": 1}"));
        assertRefused(reply, 422, "PATH_NOT_FOUND", 1);
        assertThat(kv.get(doc("fresh")).status()).isEqualTo(404);
    }

    @Test
    void store_semantics_insert_creates_a_missing_document_and_refuses_an_existing_one() {
        Reply created = kv.mutateIn(doc("fresh"), specsWith("\"store_semantics\": \"insert\"", FAX));
        assertThat(created.status()).isEqualTo(200);
        assertThat(snapshot("fresh")).isEqualTo(new Snapshot(created.cas(), json("{\"fax\": \"311-555-0151\"}")));
        mutateRefused("fresh", specsWith("\"store_semantics\": \"insert\"", "{\"op\": \"upsert\", \"path\": \"b\", \"value\": 1}"),
                409, "DOCUMENT_EXISTS", null);
        createCustomer();
        mutateRefused(CUSTOMER_KEY, specsWith("\"store_semantics\": \"insert\"", FAX), 409, "DOCUMENT_EXISTS", null);
    }

    @Test
    void a_document_recreated_by_mutate_in_after_a_remove_never_reuses_a_cas() {
        String cas = createCustomer();
        String removed = kv.delete(doc(CUSTOMER_KEY)).cas();
        Reply created = kv.mutateIn(doc(CUSTOMER_KEY), specsWith("\"store_semantics\": \"insert\"", FAX));
        assertThat(created.status()).isEqualTo(200);
        assertThat(Long.parseLong(created.cas())).isGreaterThan(Long.parseLong(removed));
        assertThat(snapshot(CUSTOMER_KEY).content()).isEqualTo(json("{\"fax\": \"311-555-0151\"}"));
        mutateRefused(CUSTOMER_KEY, specsWith("\"cas\": \"" + cas + "\"", FAX), 409, "CAS_MISMATCH", null);
    }

    @Test
    void an_unknown_store_semantics_is_400() {
        createCustomer();
        mutateRefused(CUSTOMER_KEY, specsWith("\"store_semantics\": \"merge\"", FAX), 400, "VALIDATION_ERROR", null);
        mutateRefused(CUSTOMER_KEY, specsWith("\"store_semantics\": 1", FAX), 400, "VALIDATION_ERROR", null);
        assertRefused(kv.mutateIn(doc("fresh"), specsWith("\"store_semantics\": \"UPSERT\"", FAX)), 400, "VALIDATION_ERROR", null);
        assertThat(kv.get(doc("fresh")).status()).isEqualTo(404);
    }

    @Test
    void expiry_makes_the_document_disappear_for_every_route() throws InterruptedException {
        createCustomer();
        mutateOk(CUSTOMER_KEY, specsWith("\"expiry\": 1", FAX));
        eventually(() -> kv.get(doc(CUSTOMER_KEY)).status() == 404, Duration.ofSeconds(5));
        assertRefused(kv.lookupIn(doc(CUSTOMER_KEY), specs("{\"op\": \"exists\", \"path\": \"fax\"}")), 404, "DOCUMENT_NOT_FOUND", null);
        assertRefused(kv.mutateIn(doc(CUSTOMER_KEY), specs(FAX)), 404, "DOCUMENT_NOT_FOUND", null);
        // the expired key can be created again
        Reply created = kv.mutateIn(doc(CUSTOMER_KEY), specsWith("\"store_semantics\": \"insert\"", FAX));
        assertThat(created.status()).isEqualTo(200);
        assertThat(snapshot(CUSTOMER_KEY).content()).isEqualTo(json("{\"fax\": \"311-555-0151\"}"));
    }

    @Test
    void a_mutation_without_expiry_keeps_the_expiry_already_set() throws InterruptedException {
        createCustomer();
        mutateOk(CUSTOMER_KEY, specsWith("\"expiry\": 3", FAX));
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"counter\", \"path\": \"logins\", \"delta\": 1}"));
        eventually(() -> kv.get(doc(CUSTOMER_KEY)).status() == 404, Duration.ofSeconds(10));
    }

    @Test
    void every_durability_level_is_accepted_and_an_unknown_one_is_400() {
        createCustomer();
        for (String level : new String[] {"none", "majority", "majority_and_persist_to_active", "persist_to_majority"}) {
            mutateOk(CUSTOMER_KEY, specsWith("\"durability\": \"" + level + "\"",
                    "{\"op\": \"counter\", \"path\": \"writes\", \"delta\": 1}"));
        }
        assertThat(snapshot(CUSTOMER_KEY).content().get("writes").asInt()).isEqualTo(4);
        mutateRefused(CUSTOMER_KEY, specsWith("\"durability\": \"all\"", FAX), 400, "VALIDATION_ERROR", null);
        mutateRefused(CUSTOMER_KEY, specsWith("\"durability\": \"MAJORITY\"", FAX), 400, "VALIDATION_ERROR", null);
        mutateRefused(CUSTOMER_KEY, specsWith("\"durability\": 2", FAX), 400, "VALIDATION_ERROR", null);
    }

    @Test
    void null_options_count_as_absent() {
        createCustomer();
        mutateOk(CUSTOMER_KEY, specsWith("\"cas\": null, \"store_semantics\": null, \"expiry\": null, \"durability\": null", FAX));
        assertThat(snapshot(CUSTOMER_KEY).content().get("fax").asString()).isEqualTo("311-555-0151");
    }

    @Test
    void if_match_star_applies_to_whatever_version_exists_and_needs_the_document() {
        createCustomer();
        Reply ok = kv.mutateIn(doc(CUSTOMER_KEY), specs(FAX), "*");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(snapshot(CUSTOMER_KEY).cas()).isEqualTo(ok.cas());
        assertRefused(kv.mutateIn(doc("nobody"), specs(FAX), "*"), 404, "DOCUMENT_NOT_FOUND", null);
        // "*" means the document must exist, whatever the store semantics say
        assertRefused(kv.mutateIn(doc("nobody"), specsWith("\"store_semantics\": \"upsert\"", FAX), "*"),
                404, "DOCUMENT_NOT_FOUND", null);
        assertThat(kv.mutateIn(doc("nobody"), specsWith("\"store_semantics\": \"insert\"", FAX), "*").status())
                .isEqualTo(400);
        assertThat(kv.get(doc("nobody")).status()).isEqualTo(404);
    }

    @Test
    void a_cas_with_upsert_semantics_on_a_missing_document_is_404() {
        assertRefused(kv.mutateIn(doc("nobody"), specsWith("\"store_semantics\": \"upsert\", \"cas\": \"1\"", FAX)),
                404, "DOCUMENT_NOT_FOUND", null);
        // with insert semantics a cas is refused as a 400 (SubdocStoreRulesIntegrationTest)
        assertThat(kv.get(doc("nobody")).status()).isEqualTo(404);
    }
}
