package dev.vellum.documents;

import dev.vellum.datastore.DocumentRow;
import dev.vellum.datastore.DocumentSql;
import dev.vellum.datastore.DocumentStore;
import dev.vellum.datastore.Scope;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import dev.vellum.store.Statements;
import dev.vellum.users.AppUser;
import dev.vellum.users.AppUserStore;
import dev.vellum.users.PublicProfile;
import dev.vellum.users.PublicProfiles;
import io.r2dbc.postgresql.codec.Json;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link ReferenceReads} on PostgreSQL: the collections table, the Datastore's read by keys, and app users. */
@Component
final class StoreReferenceReads implements ReferenceReads {

    private final DatabaseClient db;
    private final DocumentStore documents;
    private final AppUserStore users;
    private final JsonMapper mapper;
    private final PublicProfiles profiles;

    StoreReferenceReads(DatabaseClient db, DocumentStore documents, AppUserStore users, JsonMapper mapper,
                        PublicProfiles profiles) {
        this.profiles = profiles;
        this.db = db;
        this.documents = documents;
        this.users = users;
        this.mapper = mapper;
    }

    @Override
    public Mono<ReferenceCatalog> catalog(long projectId, String source, Set<String> names) {
        return Statements.prepare(db, catalogSql(projectId, source, names))
                .map((row, meta) -> new CatalogRow(row.get("name", String.class), row.get("refs", Json.class)))
                .all()
                .collectList()
                .map(rows -> {
                    Set<String> existing = new HashSet<>();
                    Map<String, String> references = new HashMap<>();
                    for (CatalogRow row : rows) {
                        existing.add(row.name());
                        if (row.refs() != null) {
                            references.putAll(references(mapper.readTree(row.refs().asString())));
                        }
                    }
                    return new ReferenceCatalog(existing, references);
                });
    }

    private record CatalogRow(String name, Json refs) {
    }

    /** The candidates, the source and every collection the source's references setting names. */
    static Sql catalogSql(long projectId, String source, Set<String> names) {
        return new SqlBuilder()
                .sql("select name, case when name = ").param(source)
                .sql(" and jsonb_typeof(settings -> 'references') = 'object' then settings -> 'references' end as refs")
                .sql(" from collections where project_id = ").param(projectId)
                .sql(" and (name = any(").param(names.toArray(String[]::new), "text[]").sql(") or name = ").param(source)
                .sql(" or name in (select r.value from collections s, jsonb_each_text(case when jsonb_typeof(s.settings ->")
                .sql(" 'references') = 'object' then s.settings -> 'references' else '{}'::jsonb end) r where s.project_id = ")
                .param(projectId).sql(" and s.name = ").param(source).sql("))")
                .build();
    }

    /** Only string values name collections; anything else in the setting is ignored. */
    private static Map<String, String> references(JsonNode setting) {
        Map<String, String> references = new HashMap<>();
        setting.properties().forEach(entry -> {
            if (entry.getValue().isString()) {
                references.put(entry.getKey(), entry.getValue().stringValue());
            }
        });
        return references;
    }

    @Override
    public Flux<DocumentRow> documents(Scope target, String[] keys) {
        return documents.rows(DocumentSql.byKeys(target, keys));
    }

    @Override
    public Flux<AppUser> users(long projectId, String[] ids) {
        return users.findByIds(projectId, ids);
    }

    @Override
    public Mono<PublicProfile> publicProfile(long projectId) {
        return profiles.of(projectId);
    }
}
