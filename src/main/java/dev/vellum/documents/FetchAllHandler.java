package dev.vellum.documents;

import dev.vellum.web.JsonBodies;
import dev.vellum.auth.Caller;
import dev.vellum.error.VellumException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/fetch_all}: a list of query objects in, a list of answers out in the same
 * order (query → {@code {data, total, has_more}}, find_one → the document or {@code null},
 * count → an integer). A thin adapter over {@link AsyncDb#fetchAll}.
 */
@Component
public class FetchAllHandler {

    private final JsonBodies bodies;
    private final AsyncDbFactory dbs;
    private final JsonMapper mapper;

    FetchAllHandler(JsonBodies bodies, AsyncDbFactory dbs, JsonMapper mapper) {
        this.bodies = bodies;
        this.dbs = dbs;
        this.mapper = mapper;
    }

    public Mono<ServerResponse> fetchAll(ServerRequest request) {
        return Mono.fromRunnable(() -> {
                    if (!request.queryParams().isEmpty()) {
                        throw VellumException.validation("fetch_all takes no query parameters",
                                Map.of("field", request.queryParams().keySet().iterator().next()));
                    }
                })
                .then(bodies.read(request))
                .map(FetchQueries::parse)
                .flatMap(queries -> dbs.forCaller(Caller.of(request)).fetchAll(queries))
                .flatMap(results -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(render(results)));
    }

    private ArrayNode render(List<FetchResult> results) {
        ArrayNode answers = mapper.createArrayNode();
        for (FetchResult result : results) {
            answers.add(render(result));
        }
        return answers;
    }

    private JsonNode render(FetchResult result) {
        if (result instanceof FetchResult.Page page) {
            ObjectNode body = mapper.createObjectNode();
            ArrayNode data = body.putArray("data");
            page.page().data().forEach(data::add);
            body.put("total", page.page().total());
            body.put("count_estimated", page.page().countEstimated());
            body.put("has_more", page.page().hasMore());
            return body;
        }
        if (result instanceof FetchResult.Found found) {
            return found.document().<JsonNode>map(doc -> doc).orElse(mapper.nullNode());
        }
        return mapper.getNodeFactory().numberNode(((FetchResult.Counted) result).count());
    }
}
