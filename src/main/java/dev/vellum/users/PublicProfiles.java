package dev.vellum.users;

import dev.vellum.projects.ProjectSetting;
import dev.vellum.projects.ProjectSql;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Reads a project's {@code settings.public_user_fields}: one small query, made once per request that needs it. */
@Component
public class PublicProfiles {

    private static final JsonMapper JSON = new JsonMapper();

    private final DatabaseClient db;

    public PublicProfiles(DatabaseClient db) {
        this.db = db;
    }

    public Mono<PublicProfile> of(long projectId) {
        return Statements.prepare(db, ProjectSql.setting(projectId, ProjectSetting.PUBLIC_USER_FIELDS))
                .map(row -> {
                    Json fields = row.get("setting", Json.class);
                    return PublicProfile.of(fields == null ? null : JSON.readTree(fields.asString()));
                })
                .one()
                .defaultIfEmpty(PublicProfile.ID_ONLY);
    }
}
