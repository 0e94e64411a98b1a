package dev.vellum.datastore;

import dev.vellum.auth.Caller;
import dev.vellum.config.VellumProperties;
import dev.vellum.docstore.DocumentRow;
import dev.vellum.docstore.DocumentService;
import dev.vellum.docstore.Page;
import dev.vellum.docstore.ReferenceResolver;
import dev.vellum.docstore.Scope;
import dev.vellum.query.Projection;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * Executes a parsed Datastore op for a caller on the document core and shapes the responses the
 * seed shows. The entry point for anything that runs Datastore ops (the handler, transactions).
 */
@Service
public class DatastoreService {

    private final DocumentService documents;
    private final ReferenceResolver references;
    private final JsonMapper mapper;
    private final DocumentJson json;
    private final DatastoreParser parser;

    DatastoreService(DocumentService documents, ReferenceResolver references, JsonMapper mapper,
                     VellumProperties properties) {
        this.documents = documents;
        this.references = references;
        this.mapper = mapper;
        this.json = new DocumentJson(mapper);
        this.parser = new DatastoreParser(properties.datastore().defaultLimit(), properties.datastore().maxLimit());
    }

    /** Parses and validates a {@code /v1/datastore} body; VALIDATION_ERROR when it is not a valid op. */
    public DatastoreOp parse(JsonNode body) {
        return parser.parse(body);
    }

    /** Runs a {@code /v1/datastore} body for the caller and answers what the route answers (a find as a page). */
    public Mono<ObjectNode> execute(Caller caller, JsonNode body) {
        return Mono.fromCallable(() -> parse(body)).flatMap(op -> execute(caller, op));
    }

    public Mono<ObjectNode> execute(Caller caller, DatastoreOp op) {
        return Mono.defer(() -> run(caller, op));
    }

    private Mono<ObjectNode> run(Caller caller, DatastoreOp op) {
        Scope scope = documents.scope(caller, op.collection());
        if (op instanceof DatastoreOp.Find find) {
            return find(scope, find);
        }
        if (op instanceof DatastoreOp.Insert insert) {
            return documents.insert(scope, insert.documents()).map(this::dataList);
        }
        if (op instanceof DatastoreOp.UpdateByKeys update) {
            return documents.updateByKeys(scope, update.updates()).map(this::dataList);
        }
        if (op instanceof DatastoreOp.UpdateByMatch update) {
            return documents.updateByMatch(scope, update.match(), update.sets()).map(this::dataList);
        }
        if (op instanceof DatastoreOp.Upsert upsert) {
            return documents.upsert(scope, upsert.match(), upsert.matchFingerprint(), upsert.update(), upsert.insert())
                    .map(this::dataList);
        }
        if (op instanceof DatastoreOp.Count count) {
            return documents.count(scope, count.match()).map(total -> data(mapper.createObjectNode().put("count", total)));
        }
        if (op instanceof DatastoreOp.Hide hide) {
            return documents.hide(scope, hide.match(), hide.state()).map(ref -> data(mapper.createObjectNode().put("_ref", ref)));
        }
        DatastoreOp.Restore restore = (DatastoreOp.Restore) op;
        return documents.restore(scope, restore.ref()).map(changed -> data(mapper.createObjectNode().put("data", changed > 0)));
    }

    private Mono<ObjectNode> find(Scope scope, DatastoreOp.Find find) {
        return documents.page(scope, find.match(), find.sort(), find.limit(), find.offset(), null, find.count()).flatMap(page -> {
            if (find.projection() == Projection.NONE && find.lookup().isEmpty()) {
                return Mono.just(asText(find, page));
            }
            List<ObjectNode> docs = page.rows().stream().map(json::render).map(find.projection()::apply).toList();
            return references.lookup(scope, docs, find.lookup(), json::render).map(resolved -> {
                ObjectNode response = mapper.createObjectNode();
                response.set("data", array(resolved));
                response.putObject("meta").set("pagination",
                        Pagination.of(find.offset(), find.limit(), page, resolved.size()));
                return response;
            });
        });
    }

    /** A page nothing changes: each document goes out as UTF-8 built around its stored body, not as a tree. */
    private ObjectNode asText(DatastoreOp.Find find, Page page) {
        ArrayNode data = mapper.createArrayNode();
        for (DocumentRow row : page.rows()) {
            byte[] utf8 = json.utf8(row);
            if (utf8 == null) {
                data.add(json.render(row));
            } else {
                data.addRawValue(new RawValue(new RawUtf8(utf8)));
            }
        }
        ObjectNode response = mapper.createObjectNode();
        response.set("data", data);
        response.putObject("meta").set("pagination", Pagination.of(find.offset(), find.limit(), page, data.size()));
        return response;
    }

    private ObjectNode dataList(List<DocumentRow> rows) {
        return data(array(rows.stream().map(json::render).toList()));
    }

    private ArrayNode array(List<ObjectNode> docs) {
        ArrayNode array = mapper.createArrayNode();
        docs.forEach(array::add);
        return array;
    }

    private ObjectNode data(JsonNode value) {
        ObjectNode response = mapper.createObjectNode();
        response.set("data", value);
        return response;
    }
}
