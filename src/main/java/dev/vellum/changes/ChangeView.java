package dev.vellum.changes;

import dev.vellum.query.Condition;
import dev.vellum.query.InMemoryMatcher;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one reader with one filter sees of a change: the document before and after is each checked
 * against the reader's read test and the filter. Readable after → the change as it is (an update
 * that makes a document readable is a creation to this reader); readable only before → a deletion
 * with no document (an archive or expiry keeps its kind); neither → nothing.
 */
final class ChangeView {

    private final JsonMapper mapper;
    private final Condition filter;

    ChangeView(JsonMapper mapper, Condition filter) {
        this.mapper = mapper;
        this.filter = filter;
    }

    List<ChangeEvent> of(List<Change> page, Predicate<ObjectNode> canRead) {
        List<ChangeEvent> events = new ArrayList<>();
        for (Change change : page) {
            of(change, canRead).ifPresent(events::add);
        }
        return events;
    }

    Optional<ChangeEvent> of(Change change, Predicate<ObjectNode> canRead) {
        if (change.kind() == ChangeKind.COLLECTION_DELETED) {
            // about the collection, not a document: every reader of its feed sees it, whatever the filter
            return Optional.of(event(change, change.kind(), null));
        }
        JsonNode afterBody = change.after() == null ? null : mapper.readTree(change.after().body());
        ObjectNode after = side(change.key(), change.after(), afterBody);
        ObjectNode before = change.before() == null ? null : side(change.key(), change.before(), mapper.readTree(change.before().body()));
        boolean seesBefore = before != null && sees(before, canRead);
        if (after != null && sees(after, canRead)) {
            ChangeKind kind = change.kind() == ChangeKind.UPDATED && !seesBefore ? ChangeKind.CREATED : change.kind();
            return Optional.of(event(change, kind, afterBody));
        }
        if (seesBefore) {
            ChangeKind kind = change.kind().leavesDocument() ? ChangeKind.DELETED : change.kind();
            return Optional.of(event(change, kind, null));
        }
        return Optional.empty();
    }

    private boolean sees(ObjectNode side, Predicate<ObjectNode> canRead) {
        return canRead.test(side) && (isEverything(filter) || InMemoryMatcher.matches(filter, side));
    }

    private static boolean isEverything(Condition filter) {
        return filter instanceof Condition.All all && all.conditions().isEmpty();
    }

    /** A copy of the body's top level with the system fields added, as the matcher reads a stored document; null without a side. */
    private ObjectNode side(String key, Change.Side side, JsonNode body) {
        if (side == null) {
            return null;
        }
        ObjectNode fields = mapper.createObjectNode();
        if (body instanceof ObjectNode object) {
            fields.setAll(object);
        }
        fields.put("_key", key);
        fields.put("_userkey", side.owner());
        fields.put("_version", side.version());
        putTime(fields, "_created_at", side.createdAt());
        putTime(fields, "_modified_at", side.modifiedAt());
        return fields;
    }

    private static void putTime(ObjectNode fields, String name, OffsetDateTime time) {
        if (time != null) {
            fields.put(name, time.withOffsetSameInstant(ZoneOffset.UTC).toString());
        }
    }

    private static ChangeEvent event(Change change, ChangeKind kind, JsonNode document) {
        return new ChangeEvent(change.seq(), kind, change.at(), change.collection(), change.key(), change.version(), document);
    }
}
