package dev.vellum.api;

import dev.vellum.web.JsonBodies;
import dev.vellum.auth.Caller;
import dev.vellum.docstore.Populate;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.documents.Populator;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.users.CallerRelationships;
import dev.vellum.users.RelationshipChange;
import dev.vellum.users.RelationshipPage;
import dev.vellum.users.RelationshipType;
import dev.vellum.users.UserFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Handlers for {@code /v1/users/{id|me}/relationships/...}. A secret key without a user token
 * acts for any user; a signed-in user only for itself ({@code me} or its own id, else 403) and
 * sees related users as public profiles. The rules live in {@link CallerRelationships}, shared with
 * {@code AsyncDb}; this class only maps HTTP to them.
 */
@Component
public class RelationshipHandler {

    private static final Set<String> ADD_FIELDS = Set.of("user_id", "bidirectional");

    private final JsonBodies bodies;
    private final CallerRelationships relationships;
    private final Populator populator;

    public RelationshipHandler(JsonBodies bodies, CallerRelationships relationships, AsyncDbFactory dbs) {
        this.bodies = bodies;
        this.relationships = relationships;
        this.populator = dbs.populator();
    }

    public Mono<ServerResponse> listMine(ServerRequest request) {
        return list(request, true);
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        return list(request, false);
    }

    public Mono<ServerResponse> addMine(ServerRequest request) {
        return add(request, true);
    }

    public Mono<ServerResponse> add(ServerRequest request) {
        return add(request, false);
    }

    public Mono<ServerResponse> removeMine(ServerRequest request) {
        return remove(request, true);
    }

    public Mono<ServerResponse> remove(ServerRequest request) {
        return remove(request, false);
    }

    private Mono<ServerResponse> list(ServerRequest request, boolean me) {
        return Mono.defer(() -> {
            Caller caller = Caller.of(request);
            String userId = subject(request, caller, me);
            String type = new RelationshipType(request.pathVariable("type")).name();
            RelationshipParams params = RelationshipParams.of(request.queryParams());
            RelationshipJson.checkSelect(params.select());
            Populate populate = Populate.of(params.populate());
            return relationships.list(caller, userId, type, params.filter(), params.limit(), params.offset(), params.count())
                    .flatMap(listing -> {
                        Map<String, Object> body = pageBody(listing, params.select());
                        if (populate.isEmpty()) {
                            return json(body);
                        }
                        @SuppressWarnings("unchecked")
                        List<Object> related = (List<Object>) body.get("data");
                        return populator.populateUserData(caller, RelationshipJson.dataOf(related), populate)
                                .then(json(body));
                    });
        });
    }

    private Mono<ServerResponse> add(ServerRequest request, boolean me) {
        return Mono.defer(() -> {
            Caller caller = Caller.of(request);
            String userId = subject(request, caller, me);
            String type = new RelationshipType(request.pathVariable("type")).name();
            return bodies.read(request).flatMap(raw -> {
                ObjectNode body = UserFields.object(raw, ADD_FIELDS);
                String relatedId = CallerRelationships.id(UserFields.requiredString(body, "user_id"), "user_id");
                boolean bidirectional = bidirectional(body.get("bidirectional"));
                return relationships.add(caller, userId, type, relatedId, bidirectional);
            }).flatMap(change -> json(result(change)));
        });
    }

    private Mono<ServerResponse> remove(ServerRequest request, boolean me) {
        return Mono.defer(() -> {
            Caller caller = Caller.of(request);
            String userId = subject(request, caller, me);
            String type = new RelationshipType(request.pathVariable("type")).name();
            String relatedId = CallerRelationships.id(request.pathVariable("related_id"), "related_id");
            for (String name : request.queryParams().keySet()) {
                if (!name.equals("bidirectional")) {
                    throw VellumException.validation("unknown query parameter '" + name + "'; allowed: bidirectional",
                            Map.of("field", name));
                }
            }
            boolean bidirectional = switch (request.queryParam("bidirectional").orElse("false")) {
                case "true" -> true;
                case "false" -> false;
                default -> throw VellumException.validation("'bidirectional' must be true or false",
                        Map.of("field", "bidirectional"));
            };
            return relationships.remove(caller, userId, type, relatedId, bidirectional)
                    .flatMap(change -> json(result(change)));
        });
    }

    /** Whose lists the request reads or writes (checked early so a refused caller learns nothing else). */
    private static String subject(ServerRequest request, Caller caller, boolean me) {
        if (me) {
            if (!caller.isUser()) {
                throw new VellumException(ErrorCode.AUTHENTICATION_FAILED,
                        "a user token is required: Authorization: Bearer <token>");
            }
            return caller.userId();
        }
        return CallerRelationships.subject(caller, request.pathVariable("id"));
    }

    private static boolean bidirectional(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw VellumException.validation("bidirectional must be true or false", Map.of("field", "bidirectional"));
        }
        return value.booleanValue();
    }

    private static Map<String, Object> pageBody(CallerRelationships.Listing listing, List<String> select) {
        RelationshipPage page = listing.page();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", new ArrayList<>(page.users().stream()
                .map(user -> listing.profile().<Object>map(profile -> profile.render(user))
                        .orElseGet(() -> RelationshipJson.full(user, select)))
                .toList()));
        body.put("total", page.total());
        body.put("count_estimated", page.countEstimated());
        body.put("has_more", page.hasMore());
        return body;
    }

    private static Map<String, Object> result(RelationshipChange change) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("message", change.message());
        body.put("bidirectional", change.bidirectional());
        return body;
    }

    private static Mono<ServerResponse> json(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
