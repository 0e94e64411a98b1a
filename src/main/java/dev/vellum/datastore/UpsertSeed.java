package dev.vellum.datastore;

import dev.vellum.docstore.NewDocument;
import dev.vellum.docstore.SetOp;
import dev.vellum.docstore.WriteData;
import dev.vellum.query.BodyPath;
import dev.vellum.query.Condition;
import dev.vellum.query.Op;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an upsert inserts when nothing matches: the {@code insert} object, plus the plain
 * equality fields of {@code match} it does not set itself (as MongoDB does), so the next upsert
 * with the same match finds the document instead of inserting another.
 */
final class UpsertSeed {

    private UpsertSeed() {
    }

    static NewDocument withMatchedFields(Condition match, NewDocument insert) {
        List<Condition> parts = match instanceof Condition.All all ? all.conditions() : List.of(match);
        List<SetOp> sets = new ArrayList<>();
        for (Condition part : parts) {
            if (part instanceof Condition.Compare compare && compare.op() == Op.EQ
                    && compare.field() instanceof BodyPath path && !present(insert.body(), path.segments())) {
                sets.add(SetOp.value(path.segments(), compare.value()));
            }
        }
        if (sets.isEmpty()) {
            return insert;
        }
        ObjectNode body = insert.body().deepCopy();
        ObjectNode seeded = WriteData.body(sets);
        merge(body, seeded);
        return new NewDocument(body, insert.nowSets());
    }

    private static boolean present(ObjectNode body, List<String> path) {
        JsonNode node = body;
        for (String segment : path) {
            if (node == null || !node.isObject()) {
                return node != null; // a non-object parent is the insert's choice; do not override it
            }
            node = node.get(segment);
        }
        return node != null;
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        source.properties().forEach(entry -> {
            JsonNode existing = target.get(entry.getKey());
            if (existing == null) {
                target.set(entry.getKey(), entry.getValue());
            } else if (existing.isObject() && entry.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) entry.getValue());
            }
        });
    }
}
