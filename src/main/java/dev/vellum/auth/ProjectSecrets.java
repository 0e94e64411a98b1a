package dev.vellum.auth;

import dev.vellum.projects.ProjectSql;
import dev.vellum.store.Statements;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Each project's JWT signing secret, read once and kept in memory (it never changes). */
@Component
public class ProjectSecrets {

    private final DatabaseClient db;
    private final Map<Long, byte[]> secrets = new ConcurrentHashMap<>();

    public ProjectSecrets(DatabaseClient db) {
        this.db = db;
    }

    public Mono<byte[]> jwtSecret(long projectId) {
        byte[] known = secrets.get(projectId);
        if (known != null) {
            return Mono.just(known);
        }
        return Statements.prepare(db, ProjectSql.jwtSecret(projectId))
                .map((row, meta) -> row.get("jwt_secret", byte[].class))
                .one()
                .doOnNext(secret -> secrets.put(projectId, secret));
    }
}
