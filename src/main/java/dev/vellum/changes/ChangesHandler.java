package dev.vellum.changes;

import dev.vellum.auth.Caller;
import dev.vellum.auth.CallerCheck;
import dev.vellum.collections.CollectionNames;
import dev.vellum.config.VellumProperties;
import dev.vellum.error.ErrorBody;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.QueryStringParser;
import dev.vellum.web.ClientAddress;
import dev.vellum.web.StreamPermits;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/collections/{c}/changes}: the reader's changes as Server-Sent Events, {@code id:}
 * the seq. Resumes after {@code Last-Event-ID} or {@code ?since=}; other parameters are filters.
 * A reader more than {@code vellum.changes.buffer} events or {@code buffer-bytes} bytes behind gets a
 * final {@code overflow} event and is disconnected; it resumes from its last id. The caller's
 * credentials are checked again before each page of changes and each heartbeat; once they no
 * longer hold (key deleted, token expired or revoked, user deleted) the feed ends with a final
 * {@code error} event carrying the usual error body, code AUTHENTICATION_FAILED. A caller may have
 * {@code vellum.changes.feeds-per-user} feeds open at once ({@code 429 TOO_MANY_STREAMS} past it;
 * visitors are counted per client address), the instance {@code feeds-per-instance} ({@code 503}).
 */
@Component
public class ChangesHandler {

    static final Set<String> RESERVED = Set.of("since");

    private final ChangeFeed feed;
    private final CallerCheck callers;
    private final ChangesProperties properties;
    private final JsonMapper mapper;
    private final StreamPermits permits;
    private final int trustedProxyHops;

    ChangesHandler(ChangeFeed feed, CallerCheck callers, ChangesProperties properties, JsonMapper mapper, VellumProperties vellum) {
        this.feed = feed;
        this.callers = callers;
        this.properties = properties;
        this.mapper = mapper;
        this.permits = new StreamPermits(properties.feedsPerUser(), properties.feedsPerInstance(), "change feeds");
        this.trustedProxyHops = vellum.auth().trustedProxyHops();
    }

    public Mono<ServerResponse> changes(ServerRequest request) {
        Caller caller = Caller.of(request);
        String collection = CollectionNames.require(request.pathVariable("collection"));
        Optional<Long> since = since(request);
        Condition filter = QueryStringParser.parse(request.queryParams(), RESERVED);
        Mono<Void> recheck = callers.of(request);
        Flux<ServerSentEvent<String>> events = SlowReaders.bounded(feed.changes(caller, collection, since, filter, recheck)
                .map(event -> ServerSentEvent.builder(mapper.writeValueAsString(event.toJson(mapper)))
                        .id(Long.toString(event.seq())).build()), properties.buffer(), properties.bufferBytes().toBytes(),
                since.orElse(0L), mapper);
        // An error before the first event (a 410, a refused place) still becomes the response's status: nothing is written before it.
        return permits.hold(owner(request, caller), withHeartbeats(events, recheck).onErrorResume(ChangesHandler::signedOut, this::ended))
                .as(body -> ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                        .body(BodyInserters.fromServerSentEvents(body)));
    }

    /** Feeds open now on this instance (for tests and metrics). */
    public int openFeeds() {
        return permits.open();
    }

    /** Whose count a feed takes: the caller, or for a visitor (public key alone) its client address. */
    private String owner(ServerRequest request, Caller caller) {
        if (caller.isUser() || caller.keyKind() == Caller.KeyKind.SECRET) {
            return caller.owner();
        }
        return caller.owner() + "@" + ClientAddress.of(request, trustedProxyHops);
    }

    /** Heartbeats between the events, each sent once the caller's credentials were checked again. */
    private Flux<ServerSentEvent<String>> withHeartbeats(Flux<ServerSentEvent<String>> events, Mono<Void> recheck) {
        Sinks.Empty<Void> done = Sinks.empty();
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(properties.heartbeat())
                .onBackpressureDrop()
                .concatMap(tick -> recheck.thenReturn(ServerSentEvent.<String>builder().comment("heartbeat").build()), 1)
                .takeUntilOther(done.asMono());
        return Flux.merge(events.doFinally(signal -> done.tryEmitEmpty()), heartbeats);
    }

    private static boolean signedOut(Throwable error) {
        return error instanceof VellumException refused && refused.code() == ErrorCode.AUTHENTICATION_FAILED;
    }

    /** The final event of a feed whose credentials stopped holding: {@code event: error}, data the error body. */
    private Flux<ServerSentEvent<String>> ended(Throwable error) {
        String data = mapper.writeValueAsString(ErrorBody.of((VellumException) error));
        return Flux.just(ServerSentEvent.builder(data).event("error").build());
    }

    private static Optional<Long> since(ServerRequest request) {
        String lastEventId = request.headers().firstHeader("Last-Event-ID");
        if (lastEventId != null) {
            return Optional.of(seq(lastEventId, "Last-Event-ID"));
        }
        if (request.queryParams().get("since") != null && request.queryParams().get("since").size() > 1) {
            throw VellumException.validation("give 'since' once", Map.of("field", "since"));
        }
        return request.queryParam("since").map(value -> seq(value, "since"));
    }

    private static long seq(String text, String field) {
        try {
            long seq = Long.parseLong(text.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw VellumException.validation("'" + field + "' must be a change id (a whole number from 0)", Map.of("field", field));
    }
}
