package dev.vellum.changes;

import dev.vellum.auth.Caller;
import dev.vellum.query.Condition;
import dev.vellum.query.InMemoryMatcher;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one reader with one filter sees of a change: the document before and after is each checked
 * against the read rule and the filter. Readable after → the change as it is (an update that makes
 * a document readable is a creation to this reader); readable only before → a deletion; neither → nothing.
 */
final class ChangeView {

    private final ChangeVisibility visibility;
    private final JsonMapper mapper;
    private final Caller reader;
    private final Condition filter;

    ChangeView(ChangeVisibility visibility, JsonMapper mapper, Caller reader, Condition filter) {
        this.visibility = visibility;
        this.mapper = mapper;
        this.reader = reader;
        this.filter = filter;
    }

    Optional<ChangeEvent> of(Change change) {
        if (change.kind() == ChangeKind.COLLECTION_DELETED) {
            // about the collection, not a document: every reader of its feed sees it, whatever the filter
            return Optional.of(event(change, change.kind(), null));
        }
        JsonNode after = change.document() == null ? null : mapper.readTree(change.document());
        JsonNode before = change.previous() == null ? null : mapper.readTree(change.previous());
        boolean seesAfter = after != null && sees(change, change.owner(), after);
        boolean seesBefore = before != null && sees(change, change.previousOwner(), before);
        if (seesAfter) {
            ChangeKind kind = change.kind() == ChangeKind.UPDATED && !seesBefore ? ChangeKind.CREATED : change.kind();
            return Optional.of(event(change, kind, after));
        }
        if (seesBefore) {
            ChangeKind kind = change.kind().leavesDocument() ? ChangeKind.DELETED : change.kind();
            return Optional.of(event(change, kind, null));
        }
        return Optional.empty();
    }

    private boolean sees(Change change, String owner, JsonNode document) {
        return visibility.canRead(reader, change.collection(), owner, document) && matches(change, owner, document);
    }

    private boolean matches(Change change, String owner, JsonNode document) {
        if (filter instanceof Condition.All all && all.conditions().isEmpty()) {
            return true;
        }
        ObjectNode fields = document instanceof ObjectNode object ? object.deepCopy() : mapper.createObjectNode();
        fields.put("_key", change.key());
        fields.put("_userkey", owner);
        fields.put("_version", change.version());
        return InMemoryMatcher.matches(filter, fields);
    }

    private static ChangeEvent event(Change change, ChangeKind kind, JsonNode document) {
        return new ChangeEvent(change.seq(), kind, change.at(), change.collection(), change.key(), change.version(), document);
    }
}
