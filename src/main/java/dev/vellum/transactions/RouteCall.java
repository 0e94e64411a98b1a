package dev.vellum.transactions;

import dev.vellum.auth.Caller;
import dev.vellum.documents.DocumentCall;
import dev.vellum.error.VellumException;
import dev.vellum.kv.KvCall;
import dev.vellum.kv.KvPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A route call of a transaction ({@code {"method", "path", "body"?, "if_match"?}}) taken apart as
 * the router takes a request apart: the path matched against the routes' patterns (path variables
 * decoded), the query string split into parameters (names and values percent-decoded), and the
 * body as given ({@code null} when there is none, which a route that reads a body refuses).
 */
record RouteCall(Map<String, String> pathVariables, PathContainer path, MultiValueMap<String, String> query,
                 String ifMatch, JsonNode body) {

    private static final PathPattern DATASTORE = PathPatternParser.defaultInstance.parse("/v1/datastore");
    /** How WebFlux splits a query string into parameters. */
    private static final Pattern QUERY_PARAMETER = Pattern.compile("([^&=]+)(=?)([^&]+)?");

    /** The operation a call names; a method and path without a data route fail with NOT_FOUND when run. */
    static Operation operation(HttpMethod method, String pathAndQuery, JsonNode body, String ifMatch) {
        URI uri = URI.create("http://localhost" + pathAndQuery);
        PathContainer path = PathContainer.parsePath(uri.getRawPath());
        MultiValueMap<String, String> query = queryParameters(uri.getRawQuery());
        if (method == HttpMethod.POST && DATASTORE.matches(path)) {
            return new Operation.Datastore(body);
        }
        for (DocumentRoute route : DocumentRoute.values()) {
            PathPattern.PathMatchInfo match = route.method() == method ? route.pattern().matchAndExtract(path) : null;
            if (match != null) {
                return new Operation.Documents(route, new RouteCall(match.getUriVariables(), path, query, ifMatch, body));
            }
        }
        for (KvRoute route : KvRoute.values()) {
            if (route.serves(method) && route.pattern().matches(path)) {
                return new Operation.Kv(route, new RouteCall(Map.of(), path, query, ifMatch, body));
            }
        }
        return new Operation.NoRoute(method);
    }

    /** A route's body: what was given, or the error of a request without one. */
    static Mono<JsonNode> required(JsonNode body) {
        return body == null ? Mono.error(() -> VellumException.validation("request body is required")) : Mono.just(body);
    }

    DocumentCall documentCall(Caller caller) {
        return new DocumentCall(caller, pathVariables, query, ifMatch, required(body));
    }

    KvCall kvCall(Caller caller) {
        return new KvCall(caller, () -> KvPath.of(path), query, ifMatch, required(body));
    }

    private static MultiValueMap<String, String> queryParameters(String rawQuery) {
        MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
        if (rawQuery != null) {
            Matcher matcher = QUERY_PARAMETER.matcher(rawQuery);
            while (matcher.find()) {
                String name = UriUtils.decode(matcher.group(1), StandardCharsets.UTF_8);
                String value = matcher.group(3);
                parameters.add(name, value != null ? UriUtils.decode(value, StandardCharsets.UTF_8)
                        : matcher.group(2).isEmpty() ? null : "");
            }
        }
        return CollectionUtils.unmodifiableMultiValueMap(parameters);
    }
}
