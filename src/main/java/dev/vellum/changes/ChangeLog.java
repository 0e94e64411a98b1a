package dev.vellum.changes;

import dev.vellum.store.Statements;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads one collection's changes from the outbox in seq order, never past the {@link ChangeHorizon},
 * and follows it as it moves: the change feed and {@code AsyncDb.changes} read through here.
 */
@Component
public class ChangeLog {

    static final int PAGE = 500;

    private final DatabaseClient db;
    private final ChangeHorizon horizon;
    private final ChangesProperties properties;

    ChangeLog(DatabaseClient db, ChangeHorizon horizon, ChangesProperties properties) {
        this.db = db;
        this.horizon = horizon;
        this.properties = properties;
    }

    /**
     * Every change of the collection with a seq above {@code after}, now and as they commit, in
     * pages (never empty) of at most {@value #PAGE}; never completes. Pages are read as the
     * subscriber asks for them.
     */
    public Flux<List<Change>> follow(long projectId, String collection, long after) {
        AtomicLong cursor = new AtomicLong(after);
        return horizon.values()
                .onBackpressureLatest()
                .concatMap(upTo -> upTo <= cursor.get() ? Flux.<List<Change>>empty() : upTo(projectId, collection, cursor, upTo), 1);
    }

    /** The horizon now: a feed without {@code since} starts here. */
    public Mono<Long> now() {
        return horizon.values().next();
    }

    /** Whether changes after {@code since} are all still kept (the purge has removed nothing above it). */
    public Mono<Boolean> retained(long since) {
        return Statements.prepare(db, ChangeSql.purged()).map((row, meta) -> row.get("seq", Long.class)).one()
                .map(purged -> since >= purged);
    }

    /** Deletes changes older than the retention; answers how many. */
    public Mono<Long> purge() {
        return Statements.prepare(db, ChangeSql.purge(properties.retention().toSeconds()))
                .map((row, meta) -> row.get("purged", Long.class)).one();
    }

    private Flux<List<Change>> upTo(long projectId, String collection, AtomicLong cursor, long upTo) {
        return page(projectId, collection, cursor.get(), upTo)
                .expand(list -> list.size() < PAGE ? Mono.empty() : page(projectId, collection, list.get(list.size() - 1).seq(), upTo))
                .filter(list -> !list.isEmpty())
                .doOnNext(list -> cursor.set(list.get(list.size() - 1).seq()))
                .doOnComplete(() -> cursor.set(upTo));
    }

    private Mono<List<Change>> page(long projectId, String collection, long after, long upTo) {
        return Statements.prepare(db, ChangeSql.page(projectId, collection, after, upTo, PAGE))
                .map((row, meta) -> Change.read(row)).all().collectList();
    }
}
