package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.BodyPath;
import dev.vellum.query.Condition;
import dev.vellum.query.Op;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

/** The Java API the routes adapt, called directly: every result is a Mono or Flux. */
class AsyncDbIntegrationTest extends DocumentsTestBase {

    @Autowired
    AsyncDbFactory dbs;

    private AsyncDb db;
    private String c;

    @BeforeEach
    void setUp() {
        db = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
        c = freshCollection();
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) DocsClient.JSON.readTree(text);
    }

    private static boolean code(Throwable error, ErrorCode code) {
        return error instanceof VellumException vellum && vellum.code() == code;
    }

    @Test
    void create_then_get_returns_the_same_document() {
        ObjectNode created = db.createDocument(c, json("{\"title\": \"A\", \"meta.tags\": [1]}")).block();
        assertThat(created.at("/meta/tags/0").asInt()).isEqualTo(1);
        db.getDocument(c, created.get("id").asString())
                .as(StepVerifier::create)
                .expectNext(created)
                .verifyComplete();
        db.getDocument(c, "absent").as(StepVerifier::create).verifyComplete();
    }

    @Test
    void create_documents_emits_them_in_order() {
        db.createDocuments(c, List.of(json("{\"n\": 1}"), json("{\"n\": 2}")))
                .map(doc -> doc.get("n").asInt())
                .as(StepVerifier::create)
                .expectNext(1, 2)
                .verifyComplete();
        db.createDocuments(c, List.of()).as(StepVerifier::create)
                .verifyErrorMatches(e -> code(e, ErrorCode.VALIDATION_ERROR));
    }

    @Test
    void query_find_one_and_count_with_a_condition() {
        // 2 ms apart: created_at has millisecond resolution, and find_one's first match is the
        // earliest created (documents of the same millisecond would come in key order)
        Flux.range(0, 15).concatMap(i -> db.createDocument(c, json("{\"n\": " + i + "}")).delayElement(Duration.ofMillis(2)))
                .blockLast();
        Condition atLeastFive = new Condition.Compare(BodyPath.of("n"), Op.GTE, IntNode.valueOf(5));
        db.query(c, atLeastFive, QueryOptions.defaults().sortBy("n", QueryOptions.Order.DESC).limit(4).select("n"))
                .as(StepVerifier::create)
                .assertNext(page -> {
                    assertThat(page.total()).isEqualTo(10);
                    assertThat(page.hasMore()).isTrue();
                    assertThat(page.data()).extracting(d -> d.get("n").asInt()).containsExactly(14, 13, 12, 11);
                    assertThat(page.data().get(0).propertyNames()).containsExactlyInAnyOrder("id", "n");
                })
                .verifyComplete();
        db.findOne(c, atLeastFive).map(d -> d.get("n").asInt()).as(StepVerifier::create).expectNext(5).verifyComplete();
        db.findOne(c, new Condition.Compare(BodyPath.of("n"), Op.GT, IntNode.valueOf(99))).as(StepVerifier::create).verifyComplete();
        db.countDocuments(c, atLeastFive).as(StepVerifier::create).expectNext(10L).verifyComplete();
        db.countDocuments(c, null).as(StepVerifier::create).expectNext(15L).verifyComplete();
    }

    @Test
    void stream_query_emits_every_match_in_order_and_honours_the_limit_only_when_asked() {
        Flux.range(0, 25).concatMap(i -> db.createDocument(c, json("{\"n\": " + i + "}"))).blockLast();
        Condition atLeastFive = new Condition.Compare(BodyPath.of("n"), Op.GTE, IntNode.valueOf(5));
        QueryOptions byN = QueryOptions.defaults().sortBy("n", QueryOptions.Order.ASC).limit(3);
        db.streamQuery(c, atLeastFive, byN, true)
                .map(doc -> doc.get("n").asInt())
                .as(StepVerifier::create)
                .expectNextSequence(java.util.stream.IntStream.range(5, 25).boxed().toList())
                .verifyComplete();
        db.streamQuery(c, atLeastFive, byN, false)
                .map(doc -> doc.get("n").asInt())
                .as(StepVerifier::create)
                .expectNext(5, 6, 7)
                .verifyComplete();
        db.streamQuery(freshCollection(), null, null, true).as(StepVerifier::create)
                .verifyErrorMatches(e -> code(e, ErrorCode.COLLECTION_NOT_FOUND));
    }

    @Test
    void queries_run_concurrently_with_zip() {
        db.createDocument(c, json("{\"status\": \"published\"}")).block();
        Mono.zip(db.query(c, null, QueryOptions.defaults()), db.countDocuments(c, null), db.findOne(c, null))
                .as(StepVerifier::create)
                .assertNext(all -> {
                    assertThat(all.getT1().data()).hasSize(1);
                    assertThat(all.getT2()).isEqualTo(1);
                    assertThat(all.getT3().get("status").asString()).isEqualTo("published");
                })
                .verifyComplete();
    }

    @Test
    void update_replaces_with_a_version_guard_and_update_fields_merges() {
        String id = db.createDocument(c, json("{\"a\": 1, \"b\": {\"c\": 1, \"d\": 1}}")).block().get("id").asString();
        db.updateDocument(c, id, json("{\"x\": 1}"), 1L)
                .as(StepVerifier::create)
                .assertNext(doc -> {
                    assertThat(doc.has("a")).isFalse();
                    assertThat(doc.get("_version").asLong()).isEqualTo(2);
                })
                .verifyComplete();
        db.updateDocument(c, id, json("{\"x\": 2}"), 1L).as(StepVerifier::create)
                .verifyErrorMatches(e -> code(e, ErrorCode.CAS_MISMATCH));
        db.updateDocumentFields(c, id, json("{\"y.z\": 3}"))
                .as(StepVerifier::create)
                .assertNext(doc -> {
                    assertThat(doc.get("x").asInt()).isEqualTo(1);
                    assertThat(doc.at("/y/z").asInt()).isEqualTo(3);
                })
                .verifyComplete();
        db.updateDocument(c, "absent", json("{}"), null).as(StepVerifier::create).verifyComplete();
        db.updateDocumentFields(c, "absent", json("{\"a\": 1}")).as(StepVerifier::create).verifyComplete();
    }

    @Test
    void delete_answers_true_once_then_false() {
        String id = db.createDocument(c, json("{\"a\": 1}")).block().get("id").asString();
        db.deleteDocument(c, id, 7L).as(StepVerifier::create).verifyErrorMatches(e -> code(e, ErrorCode.CAS_MISMATCH));
        db.deleteDocument(c, id).as(StepVerifier::create).expectNext(true).verifyComplete();
        db.deleteDocument(c, id).as(StepVerifier::create).expectNext(false).verifyComplete();
        db.getDocument(c, id).as(StepVerifier::create).verifyComplete();
    }

    @Test
    void errors_arrive_as_signals_not_throws() {
        String missing = freshCollection();
        db.getDocument(missing, "x").as(StepVerifier::create).verifyErrorMatches(e -> code(e, ErrorCode.COLLECTION_NOT_FOUND));
        db.query(missing, null, null).as(StepVerifier::create).verifyErrorMatches(e -> code(e, ErrorCode.COLLECTION_NOT_FOUND));
        db.countDocuments(missing, null).as(StepVerifier::create).verifyErrorMatches(e -> code(e, ErrorCode.COLLECTION_NOT_FOUND));
        db.deleteDocument(missing, "x").as(StepVerifier::create).verifyErrorMatches(e -> code(e, ErrorCode.COLLECTION_NOT_FOUND));
        db.createDocument(c, json("{\"id\": 1}")).as(StepVerifier::create)
                .verifyErrorMatches(e -> code(e, ErrorCode.VALIDATION_ERROR));
        db.createDocument("Bad Name", json("{}")).as(StepVerifier::create)
                .verifyErrorMatches(e -> code(e, ErrorCode.VALIDATION_ERROR));
        db.createDocument(c, json("{\"a\": 1}")).block();
        db.query(c, null, QueryOptions.defaults().sortBy("_key", QueryOptions.Order.ASC)).as(StepVerifier::create)
                .verifyErrorMatches(e -> code(e, ErrorCode.VALIDATION_ERROR));
        db.query(c, null, QueryOptions.defaults().select("a", "")).as(StepVerifier::create)
                .verifyErrorMatches(e -> code(e, ErrorCode.VALIDATION_ERROR));
    }

    @Test
    void a_user_caller_sees_only_its_own_documents() {
        AsyncDb alice = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.PUBLIC, "alice_" + c));
        AsyncDb bob = dbs.forCaller(new Caller(projectId(), Caller.KeyKind.PUBLIC, "bob_" + c));
        String id = alice.createDocument(c, json("{\"a\": 1}")).block().get("id").asString();
        bob.getDocument(c, id).as(StepVerifier::create).verifyComplete();
        bob.updateDocument(c, id, json("{\"a\": 2}"), 1L).as(StepVerifier::create).verifyComplete();
        bob.updateDocumentFields(c, id, json("{\"a\": 2}"), 1L).as(StepVerifier::create).verifyComplete();
        bob.deleteDocument(c, id, 1L).as(StepVerifier::create).expectNext(false).verifyComplete();
        bob.countDocuments(c, null).as(StepVerifier::create).expectNext(0L).verifyComplete();
        bob.findOne(c, null).as(StepVerifier::create).verifyComplete();
        bob.query(c, null, null).map(QueryPage::total).as(StepVerifier::create).expectNext(0L).verifyComplete();
        alice.getDocument(c, id).map(d -> d.get("a").asInt()).as(StepVerifier::create).expectNext(1).verifyComplete();
        db.getDocument(c, id).map(d -> d.get("_userkey").asString()).as(StepVerifier::create)
                .expectNext("alice_" + c).verifyComplete();
    }
}
