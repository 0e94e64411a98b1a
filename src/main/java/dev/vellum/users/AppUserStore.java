package dev.vellum.users;

import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes {@code app_users} rows; the password hash only comes out for a login check. */
@Component
public class AppUserStore {

    /** A user with the hash to check a password against. */
    public record WithHash(AppUser user, String passwordHash) {
    }

    // Decimals as BigDecimal so stored numbers come back digit for digit.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final DatabaseClient db;

    public AppUserStore(DatabaseClient db) {
        this.db = db;
    }

    /** Inserts a new user; an email already taken in the project (any case) violates {@code app_users_email}: a CONFLICT. */
    public Mono<AppUser> insert(long projectId, String id, String email, String passwordHash, ObjectNode data) {
        return Statements.prepare(db, AppUserSql.insert(projectId, id, email, passwordHash, "[]", JSON.writeValueAsString(data)))
                .map(AppUserStore::user)
                .one();
    }

    /** The user with this email in the project, compared case-insensitively. */
    public Mono<WithHash> findByEmail(long projectId, String email) {
        return Statements.prepare(db, AppUserSql.byEmail(projectId, email))
                .map(row -> new WithHash(user(row), row.get("password_hash", String.class)))
                .one();
    }

    public Mono<AppUser> findById(long projectId, String id) {
        return Statements.prepare(db, AppUserSql.byId(projectId, id)).map(AppUserStore::user).one();
    }

    /** The users with these ids in the project, in one statement (populate); absent ids are skipped. */
    public Flux<AppUser> findByIds(long projectId, String[] ids) {
        return Statements.prepare(db, AppUserSql.byIds(projectId, ids)).map(AppUserStore::user).all();
    }

    static AppUser user(Readable row) {
        return new AppUser(
                row.get("project_id", Long.class),
                row.get("id", String.class),
                row.get("email", String.class),
                roles(JSON.readTree(row.get("roles", Json.class).asString())),
                (ObjectNode) JSON.readTree(row.get("data", Json.class).asString()),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant(),
                row.get("version", Long.class),
                row.get("token_version", Long.class));
    }

    private static List<String> roles(JsonNode array) {
        List<String> roles = new ArrayList<>();
        array.forEach(role -> roles.add(role.asString()));
        return roles;
    }
}
