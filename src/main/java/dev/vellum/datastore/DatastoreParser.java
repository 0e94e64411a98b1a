package dev.vellum.datastore;

import dev.vellum.collections.CollectionNames;
import dev.vellum.docstore.HiddenState;
import dev.vellum.docstore.KeyedUpdate;
import dev.vellum.docstore.NewDocument;
import dev.vellum.docstore.SetOp;
import dev.vellum.docstore.WriteData;
import dev.vellum.error.VellumException;
import dev.vellum.query.BodyPath;
import dev.vellum.query.Condition;
import dev.vellum.query.CountBounds;
import dev.vellum.query.FieldRef;
import dev.vellum.query.FilterSpec;
import dev.vellum.query.MatchParser;
import dev.vellum.query.Projection;
import dev.vellum.query.SortParser;
import dev.vellum.store.CountMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Parses and validates a {@code POST /v1/datastore} body into a {@link DatastoreOp}. */
final class DatastoreParser {

    private static final Set<String> FIND = Set.of("op", "collection", "match", "filter", "sort", "limit", "offset", "lookup", "project",
            "count");
    private static final Set<String> INSERT = Set.of("op", "collection", "data", "captcha");
    private static final Set<String> UPDATE = Set.of("op", "collection", "data", "match", "all");
    private static final Set<String> UPSERT = Set.of("op", "collection", "match", "update", "insert");
    private static final Set<String> COUNT = Set.of("op", "collection", "match", "filter");
    private static final Set<String> HIDE = Set.of("op", "collection", "match", "all");
    private static final Set<String> RESTORE = Set.of("op", "collection", "match");
    static final int MAX_BATCH = 1000;

    private final int defaultLimit;
    private final int maxLimit;

    DatastoreParser(int defaultLimit, int maxLimit) {
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    DatastoreOp parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw VellumException.validation("the request body must be a JSON object");
        }
        JsonNode opNode = body.get("op");
        if (opNode == null || !opNode.isString()) {
            throw VellumException.validation("'op' is required and must be a string", Map.of("field", "op"));
        }
        String op = opNode.asString();
        return switch (op) {
            case "collection.find" -> find(new RequestFields(body, FIND));
            case "collection.insert" -> insert(new RequestFields(body, INSERT));
            case "collection.update" -> update(new RequestFields(body, UPDATE));
            case "collection.upsert" -> upsert(new RequestFields(body, UPSERT));
            case "collection.count" -> count(new RequestFields(body, COUNT));
            case "collection.delete" -> hide(new RequestFields(body, HIDE), HiddenState.DELETED);
            case "collection.archive" -> hide(new RequestFields(body, HIDE), HiddenState.ARCHIVED);
            case "collection.restore" -> restore(new RequestFields(body, RESTORE));
            default -> throw VellumException.validation("unknown op '" + op + "'", Map.of("field", "op",
                    "supported", List.of("collection.find", "collection.insert", "collection.update", "collection.upsert",
                            "collection.count", "collection.delete", "collection.archive", "collection.restore")));
        };
    }

    private static String collection(RequestFields fields) {
        return CollectionNames.require(fields.string("collection", true));
    }

    private DatastoreOp find(RequestFields fields) {
        String collection = collection(fields);
        Condition match = MatchParser.parse(fields.object("match", false));
        Projection projection = Projection.NONE;
        JsonNode filterNode = fields.object("filter", false);
        if (filterNode != null) {
            FilterSpec filter = FilterSpec.parse(filterNode);
            if (filter.condition().isPresent()) {
                match = new Condition.All(List.of(match, filter.condition().get()));
            }
            projection = filter.projection().orElse(Projection.NONE);
        }
        JsonNode project = fields.object("project", false);
        if (project != null && !project.isEmpty()) {
            if (projection != Projection.NONE) {
                throw VellumException.validation("give a projection in 'project' or in 'filter', not both", Map.of("field", "project"));
            }
            projection = Projection.parse(project);
        }
        return new DatastoreOp.Find(collection, match, projection, SortParser.parse(fields.string("sort", false)),
                fields.integer("limit", defaultLimit, 1, maxLimit), fields.has("limit"), fields.integer("offset", 0, 0, Integer.MAX_VALUE),
                lookup(fields.object("lookup", false)), CountMode.parse(fields.string("count", false), "count"));
    }

    private static Map<String, String> lookup(JsonNode lookup) {
        Map<String, String> result = new LinkedHashMap<>();
        if (lookup == null) {
            return result;
        }
        CountBounds.check(lookup.size(), CountBounds.current().lookups(), "lookup", "lookups");
        for (Map.Entry<String, JsonNode> entry : lookup.properties()) {
            if (!entry.getValue().isString()) {
                throw VellumException.validation("lookup maps a field to a collection name", Map.of("field", "lookup." + entry.getKey()));
            }
            if (!(FieldRef.parse(entry.getKey()) instanceof BodyPath)) {
                throw VellumException.validation("lookup fields are document fields", Map.of("field", "lookup." + entry.getKey()));
            }
            result.put(entry.getKey(), CollectionNames.require(entry.getValue().asString()));
        }
        return result;
    }

    private DatastoreOp insert(RequestFields fields) {
        String collection = collection(fields);
        JsonNode data = fields.node("data");
        if (data == null) {
            throw VellumException.validation("'data' is required", Map.of("field", "data"));
        }
        List<JsonNode> items = items(data, "data");
        List<NewDocument> documents = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            documents.add(newDocument(items.get(i), data.isArray() ? "data[" + i + "]" : "data"));
        }
        return new DatastoreOp.Insert(collection, documents);
    }

    static NewDocument newDocument(JsonNode item, String where) {
        List<SetOp> sets = WriteData.assignments(item, where, false);
        return new NewDocument(WriteData.body(sets), sets.stream().filter(SetOp::now).toList());
    }

    private static List<JsonNode> items(JsonNode data, String where) {
        List<JsonNode> items = new ArrayList<>();
        if (data.isArray()) {
            if (data.isEmpty() || data.size() > MAX_BATCH) {
                throw VellumException.validation("'" + where + "' must hold 1 to " + MAX_BATCH + " documents", Map.of("field", where));
            }
            data.values().forEach(items::add);
        } else if (data.isObject()) {
            items.add(data);
        } else {
            throw VellumException.validation("'" + where + "' must be an object or an array of objects", Map.of("field", where));
        }
        return items;
    }

    private DatastoreOp update(RequestFields fields) {
        String collection = collection(fields);
        JsonNode data = fields.node("data");
        if (data == null) {
            throw VellumException.validation("'data' is required", Map.of("field", "data"));
        }
        if (fields.has("match") || fields.bool("all")) {
            if (!data.isObject()) {
                throw VellumException.validation("with 'match', 'data' is one object of fields to set", Map.of("field", "data"));
            }
            List<SetOp> sets = nonEmpty(WriteData.assignments(data, "data", false), "data");
            return new DatastoreOp.UpdateByMatch(collection, guardedMatch(fields), sets);
        }
        List<JsonNode> items = items(data, "data");
        List<KeyedUpdate> updates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String where = data.isArray() ? "data[" + i + "]" : "data";
            JsonNode key = items.get(i).get("_key");
            if (key == null || !key.isString() || key.asString().isEmpty() || key.asString().length() > 250) {
                throw VellumException.validation("each update needs a '_key' string (or use 'match')", Map.of("field", where + "._key"));
            }
            if (!seen.add(key.asString())) {
                throw VellumException.validation("the same _key appears twice", Map.of("field", where + "._key"));
            }
            updates.add(new KeyedUpdate(key.asString(), nonEmpty(WriteData.assignments(items.get(i), where, true), where)));
        }
        return new DatastoreOp.UpdateByKeys(collection, updates);
    }

    private static List<SetOp> nonEmpty(List<SetOp> sets, String where) {
        if (sets.isEmpty()) {
            throw VellumException.validation("'" + where + "' sets no fields", Map.of("field", where));
        }
        return sets;
    }

    /** An empty match on a bulk write is refused unless {@code "all": true} says it is meant. */
    private static Condition guardedMatch(RequestFields fields) {
        JsonNode match = fields.object("match", false);
        boolean all = fields.bool("all");
        if ((match == null || match.isEmpty()) && !all) {
            throw VellumException.validation("an empty 'match' would touch every document; send \"all\": true to mean it",
                    Map.of("field", "match"));
        }
        return MatchParser.parse(match);
    }

    private DatastoreOp upsert(RequestFields fields) {
        String collection = collection(fields);
        JsonNode match = fields.object("match", true);
        if (match.isEmpty()) {
            throw VellumException.validation("upsert needs a non-empty 'match'", Map.of("field", "match"));
        }
        Condition condition = MatchParser.parse(match);
        List<SetOp> update = nonEmpty(WriteData.assignments(fields.object("update", true), "update", false), "update");
        NewDocument insert = newDocument(fields.object("insert", true), "insert");
        return new DatastoreOp.Upsert(collection, condition, Fingerprints.of(match), update,
                UpsertSeed.withMatchedFields(condition, insert));
    }

    private static DatastoreOp count(RequestFields fields) {
        String collection = collection(fields);
        Condition match = MatchParser.parse(fields.object("match", false));
        JsonNode filterNode = fields.object("filter", false);
        if (filterNode != null) {
            FilterSpec filter = FilterSpec.parse(filterNode);
            if (filter.condition().isPresent()) {
                match = new Condition.All(List.of(match, filter.condition().get()));
            }
        }
        return new DatastoreOp.Count(collection, match);
    }

    private static DatastoreOp hide(RequestFields fields, HiddenState state) {
        return new DatastoreOp.Hide(collection(fields), guardedMatch(fields), state);
    }

    private static DatastoreOp restore(RequestFields fields) {
        String collection = collection(fields);
        JsonNode match = fields.object("match", true);
        JsonNode ref = match.get("_ref");
        if (match.size() != 1 || ref == null || !ref.isString() || ref.asString().isEmpty()) {
            throw VellumException.validation("restore takes \"match\": {\"_ref\": \"<ref from delete or archive>\"}",
                    Map.of("field", "match"));
        }
        return new DatastoreOp.Restore(collection, ref.asString());
    }
}
