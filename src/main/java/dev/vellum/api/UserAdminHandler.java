package dev.vellum.api;

import dev.vellum.web.JsonBodies;
import dev.vellum.auth.Caller;
import dev.vellum.documents.AsyncDb;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.documents.PageParams;
import dev.vellum.documents.QueryOptions;
import dev.vellum.documents.QueryPage;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.QueryStringParser;
import dev.vellum.store.CountMode;
import dev.vellum.users.UserChanges;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** {@code /v1/users...} for secret keys: thin adapters over the user methods of {@link AsyncDb}. */
@Component
public class UserAdminHandler {

    private static final Set<String> PAGE = Set.of("sort", "order", "limit", "offset", "count");
    /** Never filters: refused on the routes that do not take them, rather than read as a field. */
    private static final Set<String> RESERVED = Set.of("sort", "order", "limit", "offset", "select", "populate", "count");

    private final JsonBodies bodies;
    private final AsyncDbFactory dbs;

    UserAdminHandler(JsonBodies bodies, AsyncDbFactory dbs) {
        this.bodies = bodies;
        this.dbs = dbs;
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        return bodies.read(request)
                .map(UserChanges::newUser)
                .flatMap(user -> db(request).createAppUser(user.email(), user.password(), user.data(), user.roles()))
                .flatMap(user -> json(ServerResponse.status(HttpStatus.CREATED), user));
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        return found(db(request).getAppUser(request.pathVariable("id")));
    }

    public Mono<ServerResponse> getByEmail(ServerRequest request) {
        return found(db(request).getAppUserByEmail(request.pathVariable("email")));
    }

    public Mono<ServerResponse> update(ServerRequest request) {
        return bodies.read(request)
                .flatMap(body -> found(db(request).updateAppUser(request.pathVariable("id"),
                        body.isObject() ? (ObjectNode) body : null)));
    }

    public Mono<ServerResponse> delete(ServerRequest request) {
        return db(request).deleteAppUser(request.pathVariable("id"))
                .flatMap(deleted -> json(ServerResponse.ok(), Map.of("deleted", deleted)));
    }

    public Mono<ServerResponse> count(ServerRequest request) {
        return Mono.fromCallable(() -> filter(request, Set.of()))
                .flatMap(filter -> db(request).countAppUsers(filter))
                .flatMap(count -> json(ServerResponse.ok(), Map.of("count", count)));
    }

    public Mono<ServerResponse> query(ServerRequest request) {
        return Mono.fromCallable(() -> filter(request, PAGE))
                .flatMap(filter -> db(request).queryUsers(filter, options(request.queryParams())))
                .flatMap(page -> json(ServerResponse.ok(), pageBody(page)));
    }

    public Mono<ServerResponse> findOne(ServerRequest request) {
        return Mono.fromCallable(() -> filter(request, Set.of()))
                .flatMap(filter -> found(db(request).findUser(filter)));
    }

    static ObjectNode pageBody(QueryPage page) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        page.data().forEach(body.putArray("data")::add);
        body.put("total", page.total());
        body.put("count_estimated", page.countEstimated());
        body.put("has_more", page.hasMore());
        return body;
    }

    /** The filters of the query string; reserved names are refused unless {@code allowed}, and given once. */
    private static Condition filter(ServerRequest request, Set<String> allowed) {
        MultiValueMap<String, String> params = request.queryParams();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String name = param.getKey();
            if (allowed.contains(name) && param.getValue().size() != 1) {
                throw VellumException.validation("give '" + name + "' once", Map.of("field", name));
            }
            if (RESERVED.contains(name) && !allowed.contains(name)) {
                throw VellumException.validation("'" + name + "' is not supported on this route", Map.of("field", name));
            }
        }
        return QueryStringParser.parse(params, RESERVED);
    }

    private static QueryOptions options(MultiValueMap<String, String> params) {
        QueryOptions.Order direction = PageParams.order(params.getFirst("order"));
        String sort = params.getFirst("sort");
        return new QueryOptions(sort == null || sort.isEmpty() ? null : sort, direction,
                integer(params, "limit", QueryOptions.DEFAULT_LIMIT), integer(params, "offset", 0), List.of(), List.of(),
                CountMode.parse(params.getFirst("count"), "count"));
    }

    private static int integer(MultiValueMap<String, String> params, String name, int defaultValue) {
        return PageParams.wholeNumber(name, params.getFirst(name), defaultValue);
    }

    private AsyncDb db(ServerRequest request) {
        return dbs.forCaller(Caller.of(request));
    }

    private static Mono<ServerResponse> found(Mono<ObjectNode> user) {
        return user.switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.NOT_FOUND, "user not found")))
                .flatMap(found -> json(ServerResponse.ok(), found));
    }

    private static Mono<ServerResponse> json(ServerResponse.BodyBuilder builder, Object body) {
        return builder.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
