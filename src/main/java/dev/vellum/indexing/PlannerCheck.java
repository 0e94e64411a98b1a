package dev.vellum.indexing;

import dev.vellum.docstore.DocumentReadSql;
import dev.vellum.docstore.Scope;
import dev.vellum.query.BodyPath;
import dev.vellum.query.Condition;
import dev.vellum.query.IndexSpec;
import dev.vellum.query.Op;
import dev.vellum.query.SortKey;
import dev.vellum.sql.Sql;
import dev.vellum.store.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Asks the planner, not a guess, whether a shape is served already: it plans the page query the
 * renderer would send for the shape (EXPLAIN, nothing runs) and looks for an index other than the
 * ones every collection shares. A hand-made expression index counts as serving it.
 */
final class PlannerCheck {

    /** The indexes of V1 that every collection shares; none serves a range or sort on a body field. */
    static final Set<String> SHARED = Set.of("documents_pkey", "documents_body", "documents_created",
            "documents_owner", "documents_state_ref", "documents_purge", "documents_expiry");

    private final JsonMapper mapper;

    PlannerCheck(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** True when the plan of the shape's page query uses none but the shared indexes. */
    Mono<Boolean> unserved(DatabaseClient db, long projectId, String collection, IndexSpec spec) {
        Sql page = probe(projectId, collection, spec);
        Sql explain = new Sql("explain (format json) " + page.text(), page.params());
        return Statements.prepare(db, explain)
                .map((row, meta) -> row.get(0, String.class)).one()
                .map(plan -> {
                    List<String> used = new ArrayList<>();
                    indexNames(mapper.readTree(plan), used);
                    return used.stream().allMatch(SHARED::contains);
                });
    }

    /** The page query of the shape, with a bound that every value of its type passes. */
    static Sql probe(long projectId, String collection, IndexSpec spec) {
        Scope scope = new Scope(projectId, collection, null);
        List<SortKey> sort = new ArrayList<>();
        for (IndexSpec.Column column : spec.columns()) {
            sort.add(new SortKey(new BodyPath(column.path()), column.descending()));
        }
        Condition match = new Condition.All(List.of());
        if (spec.type() != null) {
            BodyPath first = new BodyPath(spec.columns().get(0).path());
            match = new Condition.Compare(first, Op.GTE, lowest(spec.type()));
        }
        return DocumentReadSql.page(scope, match, sort, 20, 0, null);
    }

    private static JsonNode lowest(String type) {
        return switch (type) {
            case "number" -> JsonNodeFactory.instance.numberNode(-1e300);
            case "string" -> JsonNodeFactory.instance.stringNode("");
            default -> JsonNodeFactory.instance.booleanNode(false);
        };
    }

    private static void indexNames(JsonNode node, List<String> names) {
        if (node.isObject()) {
            JsonNode name = node.get("Index Name");
            if (name != null) {
                names.add(name.asString());
            }
            node.values().forEach(child -> indexNames(child, names));
        } else if (node.isArray()) {
            node.forEach(child -> indexNames(child, names));
        }
    }
}
