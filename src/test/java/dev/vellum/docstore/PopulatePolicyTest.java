package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.auth.Caller;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.users.AppUser;
import dev.vellum.users.PublicProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The populate resolver without a database: which reads it makes, and what it writes into documents. */
class PopulatePolicyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String T = "2026-01-02T03:04:05.000Z";
    private static final Scope SECRET = Scope.of(new Caller(7, Caller.KeyKind.SECRET, null), "posts");
    private static final Scope USER = Scope.of(new Caller(7, Caller.KeyKind.PUBLIC, "u1"), "posts");

    /** Stored rows by collection, and every read the populator asked for. */
    private static class RecordingReads implements ReferenceReads {
        final Set<String> collections;
        final Map<String, String> references;
        final List<String> log = new ArrayList<>();
        PublicProfile profile = PublicProfile.ID_ONLY;
        int profileReads;

        RecordingReads(Set<String> collections, Map<String, String> references) {
            this.collections = collections;
            this.references = references;
        }

        @Override
        public Mono<ReferenceCatalog> catalog(long projectId, String source, Set<String> names) {
            log.add("catalog");
            return Mono.just(new ReferenceCatalog(collections, references));
        }

        @Override
        public Flux<DocumentRow> documents(Scope target, String[] keys) {
            log.add("documents " + target.collection() + " owner=" + target.owner() + " " + String.join(",", keys));
            return Flux.fromArray(keys).filter(k -> !k.startsWith("missing"))
                    .map(k -> new DocumentRow(k, target.owner(), ("{\"of\": \"" + k + "\"}").getBytes(StandardCharsets.UTF_8),
                            1, T, T));
        }

        @Override
        public Flux<AppUser> users(long projectId, String[] ids) {
            log.add("users " + String.join(",", ids));
            return Flux.fromArray(ids).filter(id -> !id.startsWith("missing"))
                    .map(id -> new AppUser(projectId, id, id + "@example.com", List.of("member"),
                            (ObjectNode) JSON.readTree("{\"name\": \"N\", \"bio\": \"B\"}"), Instant.EPOCH, Instant.EPOCH, 1, 1));
        }

        @Override
        public Mono<PublicProfile> publicProfile(long projectId) {
            profileReads++;
            return Mono.just(profile);
        }
    }

    /** Populates with a plain rendering of referenced rows: {@code _key} and the body's fields. */
    private static final class Populating {
        private final PopulatePolicy policy;

        Populating(RecordingReads reads) {
            this.policy = new PopulatePolicy(reads, JSON, () -> new ResolvedBytes(Long.MAX_VALUE));
        }

        Mono<List<ObjectNode>> populate(Scope source, List<ObjectNode> docs, Populate populate) {
            return policy.populate(source, docs, populate, policy.profile(source), row -> {
                ObjectNode doc = JSON.createObjectNode().put("_key", row.key());
                doc.setAll((ObjectNode) JSON.readTree(row.body()));
                return doc;
            });
        }
    }

    private static Populating populator(RecordingReads reads) {
        return new Populating(reads);
    }

    private static List<ObjectNode> docs(String... json) {
        List<ObjectNode> docs = new ArrayList<>();
        for (String text : json) {
            docs.add((ObjectNode) JSON.readTree(text));
        }
        return docs;
    }

    @Test
    void one_catalog_read_and_one_batched_read_per_field_whatever_the_number_of_documents() {
        RecordingReads reads = new RecordingReads(Set.of("categories", "people"), Map.of());
        List<ObjectNode> docs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            docs.add((ObjectNode) JSON.readTree("{\"category\": \"c" + (i % 3) + "\", \"author\": \"u" + i
                    + "\", \"editors\": [\"e" + i + "\", \"e0\"]}"));
        }
        populator(reads).populate(SECRET, docs, Populate.of(List.of("category", "author", "editors:people"))).block();
        assertThat(reads.log).hasSize(4);
        assertThat(reads.log.get(0)).isEqualTo("catalog");
        assertThat(reads.log).filteredOn(l -> l.startsWith("documents categories")).singleElement()
                .isEqualTo("documents categories owner=null c0,c1,c2");
        assertThat(reads.log).filteredOn(l -> l.startsWith("users")).hasSize(1);
        assertThat(reads.log).filteredOn(l -> l.startsWith("documents people")).hasSize(1);
        assertThat(docs.get(4).at("/category/of").asString()).isEqualTo("c1");
        assertThat(docs.get(4).at("/editors/1/of").asString()).isEqualTo("e0");
    }

    @Test
    void ten_fields_are_read_at_most_two_at_a_time() {
        Set<String> targets = new java.util.HashSet<>();
        StringBuilder doc = new StringBuilder("{");
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            targets.add("t" + i);
            fields.add("f" + i + ":t" + i);
            doc.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": \"k").append(i).append('"');
        }
        AtomicInteger reading = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        RecordingReads reads = new RecordingReads(targets, Map.of()) {
            @Override
            public Flux<DocumentRow> documents(Scope target, String[] keys) {
                return Mono.delay(Duration.ofMillis(20))
                        .thenMany(Flux.fromArray(keys).map(k -> new DocumentRow(k, null,
                                ("{\"of\": \"" + k + "\"}").getBytes(StandardCharsets.UTF_8), 1, T, T)))
                        .doOnSubscribe(s -> most.accumulateAndGet(reading.incrementAndGet(), Math::max))
                        .doOnTerminate(reading::decrementAndGet);
            }
        };
        List<ObjectNode> docs = docs(doc.append('}').toString());
        populator(reads).populate(SECRET, docs, Populate.of(fields)).block(Duration.ofSeconds(30));
        assertThat(docs.get(0).at("/f9/of").asString()).isEqualTo("k9");
        assertThat(most.get()).isEqualTo(PopulatePolicy.FIELD_CONCURRENCY).isEqualTo(2);
    }

    @Test
    void nothing_to_resolve_makes_only_the_catalog_read() {
        RecordingReads reads = new RecordingReads(Set.of(), Map.of());
        List<ObjectNode> docs = docs("{\"category\": \"c1\"}", "{\"author\": 5}");
        populator(reads).populate(SECRET, docs, Populate.of(List.of("category", "author"))).block();
        assertThat(reads.log).containsExactly("catalog");
        assertThat(docs.get(0).get("category").asString()).isEqualTo("c1");
    }

    @Test
    void a_user_caller_reads_referenced_documents_in_its_own_scope_and_users_as_profiles() {
        RecordingReads reads = new RecordingReads(Set.of("people"), Map.of());
        List<ObjectNode> docs = docs("{\"p\": \"k1\", \"owner\": \"u2\"}");
        populator(reads).populate(USER, docs, Populate.of(List.of("p:people", "owner"))).block();
        assertThat(reads.log).contains("documents people owner=u1 k1");
        assertThat(docs.get(0).get("owner").toString()).isEqualTo("{\"id\":\"u2\"}");
    }

    @Test
    void a_user_caller_sees_the_public_data_fields_and_the_setting_is_read_once() {
        RecordingReads reads = new RecordingReads(Set.of(), Map.of());
        reads.profile = new PublicProfile(List.of("name", "avatar"));
        List<ObjectNode> docs = docs("{\"owner\": \"u2\", \"creator\": [\"u3\"]}", "{\"owner\": \"u4\"}");
        populator(reads).populate(USER, docs, Populate.of(List.of("owner", "creator"))).block();
        assertThat(docs.get(0).get("owner").toString()).isEqualTo("{\"id\":\"u2\",\"data\":{\"name\":\"N\"}}");
        assertThat(docs.get(0).at("/creator/0").toString()).isEqualTo("{\"id\":\"u3\",\"data\":{\"name\":\"N\"}}");
        assertThat(docs.get(1).get("owner").toString()).isEqualTo("{\"id\":\"u4\",\"data\":{\"name\":\"N\"}}");
        assertThat(reads.profileReads).isEqualTo(1);
    }

    @Test
    void the_setting_is_not_read_for_a_secret_key_or_without_app_users() {
        RecordingReads reads = new RecordingReads(Set.of("people"), Map.of());
        populator(reads).populate(SECRET, docs("{\"owner\": \"u2\"}"), Populate.of(List.of("owner"))).block();
        populator(reads).populate(USER, docs("{\"p\": \"k1\"}"), Populate.of(List.of("p:people"))).block();
        assertThat(reads.profileReads).isZero();
    }

    @Test
    void a_secret_key_sees_app_users_in_full() {
        RecordingReads reads = new RecordingReads(Set.of(), Map.of());
        List<ObjectNode> docs = docs("{\"creator_id\": \"u2\", \"user_ids\": [\"missing1\", \"u3\"]}");
        populator(reads).populate(SECRET, docs, Populate.of(List.of("creator", "user"))).block();
        ObjectNode doc = docs.get(0);
        assertThat(List.copyOf(doc.get("creator").propertyNames()))
                .containsExactly("id", "email", "roles", "data", "created_at", "updated_at");
        assertThat(doc.get("creator_id").asString()).isEqualTo("u2");
        assertThat(doc.get("user")).hasSize(1);
        assertThat(doc.at("/user/0/email").asString()).isEqualTo("u3@example.com");
    }

    @Test
    void the_references_setting_comes_before_the_users_and_name_rules() {
        RecordingReads reads = new RecordingReads(Set.of("people", "authors"), Map.of("author", "people"));
        List<ObjectNode> docs = docs("{\"author\": \"a1\"}");
        populator(reads).populate(SECRET, docs, Populate.of(List.of("author"))).block();
        assertThat(reads.log).containsExactly("catalog", "documents people owner=null a1");
    }

    @Test
    void an_explicit_target_that_does_not_exist_is_collection_not_found() {
        RecordingReads reads = new RecordingReads(Set.of(), Map.of());
        assertThatThrownBy(() -> populator(reads).populate(SECRET, List.of(), Populate.of(List.of("a:nowhere"))).block())
                .isInstanceOfSatisfying(VellumException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.COLLECTION_NOT_FOUND));
    }
}
