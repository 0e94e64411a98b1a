package dev.vellum.auth;

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
        return db.sql("select jwt_secret from projects where id = $1")
                .bind(0, projectId)
                .map((row, meta) -> row.get("jwt_secret", byte[].class))
                .one()
                .doOnNext(secret -> secrets.put(projectId, secret));
    }
}
