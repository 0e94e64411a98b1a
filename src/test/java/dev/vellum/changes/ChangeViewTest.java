package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.query.Condition;
import dev.vellum.query.MatchParser;
import dev.vellum.query.QueryStringParser;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What a reader sees of one change, given whether it may read each side and its filter. */
class ChangeViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OffsetDateTime CREATED = OffsetDateTime.parse("2024-03-01T10:00:00.000001Z");
    private static final OffsetDateTime MODIFIED = OffsetDateTime.parse("2024-03-02T10:00:00Z");
    private static final Predicate<ObjectNode> PUBLISHED = side -> side.path("published").asBoolean(false);
    private static final ChangeView EVERYTHING = new ChangeView(JSON, Condition.always());

    private static Change change(ChangeKind kind, String before, String after) {
        return new Change(42, 7, "posts", "k1", kind, 3, MODIFIED, side(after, 3), side(before, 2));
    }

    private static Change.Side side(String body, long version) {
        return body == null ? null : new Change.Side("u1", body, version, CREATED, MODIFIED);
    }

    @Test
    void an_update_readable_on_both_sides_is_an_update_with_the_document_after() {
        Optional<ChangeEvent> event = EVERYTHING.of(change(ChangeKind.UPDATED, "{\"published\": true}",
                "{\"published\": true, \"n\": 2}"), PUBLISHED);
        assertThat(event).map(ChangeEvent::kind).contains(ChangeKind.UPDATED);
        assertThat(event.get().document().toString()).isEqualTo("{\"published\":true,\"n\":2}");
        assertThat(event.get().version()).isEqualTo(3);
    }

    @Test
    void an_update_that_makes_a_document_readable_is_a_creation() {
        Optional<ChangeEvent> event = EVERYTHING.of(change(ChangeKind.UPDATED, "{\"published\": false}",
                "{\"published\": true}"), PUBLISHED);
        assertThat(event).map(ChangeEvent::kind).contains(ChangeKind.CREATED);
        assertThat(event.get().document().toString()).isEqualTo("{\"published\":true}");
    }

    @Test
    void an_update_that_makes_a_document_unreadable_is_a_deletion_without_the_document() {
        Optional<ChangeEvent> event = EVERYTHING.of(change(ChangeKind.UPDATED, "{\"published\": true}",
                "{\"published\": false, \"secret\": 1}"), PUBLISHED);
        assertThat(event).map(ChangeEvent::kind).contains(ChangeKind.DELETED);
        assertThat(event.get().document()).isNull();
    }

    @Test
    void archive_and_expiry_keep_their_kind_and_unreadable_sides_send_nothing() {
        assertThat(EVERYTHING.of(change(ChangeKind.ARCHIVED, "{\"published\": true}", null), PUBLISHED))
                .map(ChangeEvent::kind).contains(ChangeKind.ARCHIVED);
        assertThat(EVERYTHING.of(change(ChangeKind.EXPIRED, "{\"published\": true}", null), PUBLISHED))
                .map(ChangeEvent::kind).contains(ChangeKind.EXPIRED);
        assertThat(EVERYTHING.of(change(ChangeKind.DELETED, "{\"published\": false}", null), PUBLISHED)).isEmpty();
        assertThat(EVERYTHING.of(change(ChangeKind.UPDATED, "{}", "{\"published\": false}"), PUBLISHED)).isEmpty();
    }

    @Test
    void each_side_is_tested_with_its_own_owner_version_and_timestamps_at_full_precision() {
        Change change = new Change(42, 7, "posts", "k1", ChangeKind.UPDATED, 3, MODIFIED,
                new Change.Side("u2", "{}", 3, CREATED, MODIFIED), new Change.Side("u1", "{}", 2, CREATED, CREATED));
        Predicate<ObjectNode> ownedByU1 = side -> side.path("_userkey").asString().equals("u1");
        assertThat(EVERYTHING.of(change, ownedByU1)).map(ChangeEvent::kind).contains(ChangeKind.DELETED);
        ChangeView version2 = new ChangeView(JSON, MatchParser.parse(JSON.readTree("{\"_version\": 2}")));
        assertThat(version2.of(change, side -> true)).map(ChangeEvent::kind).contains(ChangeKind.DELETED);
        ChangeView afterCreation = new ChangeView(JSON, QueryStringParser.parse(
                Map.of("created_at_gt", List.of("2024-03-01T10:00:00Z"), "updated_at_gte", List.of("2024-03-02")), Set.of()));
        assertThat(afterCreation.of(change, side -> true)).map(ChangeEvent::kind).contains(ChangeKind.CREATED);
    }

    @Test
    void a_page_keeps_the_order_and_leaves_out_what_the_reader_cannot_see() {
        List<ChangeEvent> events = EVERYTHING.of(List.of(
                new Change(1, 7, "posts", "a", ChangeKind.CREATED, 1, MODIFIED, side("{\"published\": true}", 1), null),
                new Change(2, 7, "posts", "b", ChangeKind.CREATED, 1, MODIFIED, side("{\"published\": false}", 1), null),
                new Change(3, 7, "posts", "a", ChangeKind.DELETED, 1, MODIFIED, null, side("{\"published\": true}", 1))),
                PUBLISHED);
        assertThat(events).extracting(ChangeEvent::seq).containsExactly(1L, 3L);
        assertThat(events).extracting(ChangeEvent::kind).containsExactly(ChangeKind.CREATED, ChangeKind.DELETED);
    }
}
