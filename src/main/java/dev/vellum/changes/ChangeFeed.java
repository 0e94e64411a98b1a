package dev.vellum.changes;

import dev.vellum.auth.Caller;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reader's changes of one collection: those of documents it may read under the collection's read
 * rules (before or after the change) and that match its filter, from a seq on, following new ones
 * as they commit. Never completes.
 */
@Component
public class ChangeFeed {

    private final ChangeLog log;
    private final ChangeVisibility visibility;
    private final JsonMapper mapper;

    ChangeFeed(ChangeLog log, ChangeVisibility visibility, JsonMapper mapper) {
        this.log = log;
        this.visibility = visibility;
        this.mapper = mapper;
    }

    /**
     * Changes after {@code since} (empty: from now on); {@code 410 CHANGES_EXPIRED} when changes after
     * {@code since} were already purged; {@code 401 AUTHENTICATION_FAILED} (thrown) for a visitor
     * when the collection does not grant {@code public} read.
     */
    public Flux<ChangeEvent> changes(Caller reader, String collection, Optional<Long> since, Condition filter) {
        return changes(reader, collection, since, filter, Mono.empty());
    }

    /**
     * The same, running {@code recheck} before each page of changes is handed on: when it fails (the
     * reader's credentials no longer hold), the feed fails with its error.
     */
    public Flux<ChangeEvent> changes(Caller reader, String collection, Optional<Long> since, Condition filter, Mono<Void> recheck) {
        visibility.requireOpen(reader, collection);
        ChangeView view = new ChangeView(mapper, filter);
        Mono<Long> start = since.map(seq -> log.retained(seq).flatMap(kept -> kept ? Mono.just(seq) : Mono.<Long>error(expired(seq))))
                .orElseGet(log::now);
        return start.flatMapMany(from -> log.follow(reader.projectId(), collection, from))
                .concatMap(page -> recheck.then(visibility.forPage(reader, collection)).map(canRead -> view.of(page, canRead)), 1)
                .concatMapIterable(events -> events);
    }

    private static VellumException expired(long since) {
        return new VellumException(ErrorCode.CHANGES_EXPIRED,
                "changes after " + since + " are past the retention; read the collection again and follow from now",
                Map.of("since", since));
    }
}
