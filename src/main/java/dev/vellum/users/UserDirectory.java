package dev.vellum.users;

import dev.vellum.auth.AuthInvalidations;
import dev.vellum.config.VellumProperties;
import dev.vellum.query.Condition;
import dev.vellum.query.SortKey;
import dev.vellum.sql.Sql;
import dev.vellum.store.CountMode;
import dev.vellum.store.Ids;
import dev.vellum.store.PageTotal;
import dev.vellum.store.PlannedRows;
import dev.vellum.store.Statements;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-side user management in one project: create, read, change, delete and query app users.
 * Passwords are hashed by {@link PasswordHasher} off the event loop; callers check who may do this.
 */
@Component
public class UserDirectory {

    /** One page of users, whether more follow, and how many match in all ({@link PageTotal}). */
    public record Page(List<AppUser> users, PageTotal total) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DatabaseClient db;
    private final long threshold;
    private final AppUserStore store;
    private final PasswordHasher hasher;
    private final AuthInvalidations invalidations;

    public UserDirectory(DatabaseClient db, AppUserStore store, PasswordHasher hasher, VellumProperties properties,
                         AuthInvalidations invalidations) {
        this.invalidations = invalidations;
        this.threshold = properties.datastore().exactCountThreshold();
        this.db = db;
        this.store = store;
        this.hasher = hasher;
    }

    /** An email already taken in the project, in any case, violates {@code app_users_email}: a CONFLICT. */
    public Mono<AppUser> create(long projectId, UserChanges.NewUser user) {
        return hasher.hash(user.password())
                .flatMap(hash -> one(AppUserSql.insert(projectId, Ids.newKey(), user.email(), hash,
                        JSON.writeValueAsString(user.roles()), JSON.writeValueAsString(user.data()))));
    }

    public Mono<AppUser> get(long projectId, String id) {
        return store.findById(projectId, id);
    }

    /** Compared case-insensitively. */
    public Mono<AppUser> getByEmail(long projectId, String email) {
        return store.findByEmail(projectId, email).map(AppUserStore.WithHash::user);
    }

    /** The changed user, or empty when there is none with this id. */
    public Mono<AppUser> update(long projectId, String id, UserChanges.Change change) {
        Mono<String> hash = change.password() == null ? Mono.just("") : hasher.hash(change.password());
        return hash.flatMap(h -> one(AppUserSql.update(projectId, id, change.email(), h.isEmpty() ? null : h,
                change.roles() == null ? null : JSON.writeValueAsString(change.roles()),
                change.data() == null ? null : JSON.writeValueAsString(change.data()))))
                // this instance forgets the old version at once; the others hear it at commit
                .doOnNext(user -> {
                    if (change.password() != null) {
                        invalidations.forgetUser(projectId, id);
                    }
                });
    }

    /** True when a user was deleted; its tokens stop working as the user is gone. */
    public Mono<Boolean> delete(long projectId, String id) {
        return Statements.prepare(db, AppUserSql.delete(projectId, id)).fetch().rowsUpdated().map(n -> n > 0)
                .doOnNext(deleted -> invalidations.forgetUser(projectId, id));
    }

    public Mono<Long> count(long projectId, Condition filter) {
        return Mono.fromCallable(() -> UserQuerySql.count(projectId, UserFilters.check(filter))).flatMap(this::total);
    }

    /** A page, whether another follows (exact), and the number of all matches counted as {@code count} says. */
    public Mono<Page> query(long projectId, Condition filter, List<SortKey> sort, int limit, int offset, CountMode count) {
        return Mono.fromCallable(() -> UserFilters.check(filter)).flatMap(match -> Statements.prepare(db,
                        UserQuerySql.query(projectId, match, sort, limit, offset))
                .map((row, meta) -> AppUserStore.user(row))
                .all()
                .collectList()
                .flatMap(users -> PageTotal.of(users.size(), limit, offset, count, threshold, counts(projectId, match))
                        .map(total -> new Page(users.subList(0, Math.min(limit, users.size())), total))));
    }

    private PageTotal.Counts counts(long projectId, Condition match) {
        return new PageTotal.Counts() {
            @Override
            public Mono<Long> exact() {
                return total(UserQuerySql.count(projectId, match));
            }

            @Override
            public Mono<Long> atMost(long cap) {
                return total(UserQuerySql.cappedCount(projectId, match, cap));
            }

            @Override
            public Mono<Long> planned() {
                return PlannedRows.of(db, UserQuerySql.plannedCount(projectId, match));
            }
        };
    }

    private Mono<Long> total(Sql sql) {
        return Statements.prepare(db, sql).map((row, meta) -> row.get("total", Long.class)).one();
    }

    /** The first match in {@code sort} order, or empty. */
    public Mono<AppUser> findOne(long projectId, Condition filter, List<SortKey> sort) {
        return Mono.fromCallable(() -> UserQuerySql.findOne(projectId, UserFilters.check(filter), sort))
                .flatMap(this::one);
    }

    private Mono<AppUser> one(Sql sql) {
        return Statements.prepare(db, sql).map((row, meta) -> AppUserStore.user(row)).one();
    }
}
