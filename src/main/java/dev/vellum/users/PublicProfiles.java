package dev.vellum.users;

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
        return db.sql("select settings -> 'public_user_fields' as fields from projects where id = $1")
                .bind(0, projectId)
                .map(row -> {
                    Json fields = row.get("fields", Json.class);
                    return PublicProfile.of(fields == null ? null : JSON.readTree(fields.asString()));
                })
                .one()
                .defaultIfEmpty(PublicProfile.ID_ONLY);
    }
}
