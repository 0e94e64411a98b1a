package dev.vellum.documents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sends documents-API requests over HTTP as one caller (API key, optional user token). */
final class DocsClient {

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** One response: status, headers and the parsed body (null when empty). */
    record Reply(int status, HttpHeaders headers, JsonNode body) {

        String errorCode() {
            return body.at("/error/code").asString();
        }

        String id() {
            return body.get("id").asString();
        }

        List<String> ids() {
            List<String> ids = new ArrayList<>();
            body.get("data").forEach(doc -> ids.add(doc.get("id").asString()));
            return ids;
        }
    }

    private final WebTestClient http;
    private final String apiKey;
    final String token;
    final String userId;

    DocsClient(WebTestClient http, String apiKey, String token, String userId) {
        this.http = http;
        this.apiKey = apiKey;
        this.token = token;
        this.userId = userId;
    }

    Reply get(String uri) {
        return send(HttpMethod.GET, uri, null, null);
    }

    Reply post(String uri, String body) {
        return send(HttpMethod.POST, uri, body, null);
    }

    Reply put(String uri, String body, String ifMatch) {
        return send(HttpMethod.PUT, uri, body, ifMatch);
    }

    Reply patch(String uri, String body, String ifMatch) {
        return send(HttpMethod.PATCH, uri, body, ifMatch);
    }

    Reply delete(String uri, String ifMatch) {
        return send(HttpMethod.DELETE, uri, null, ifMatch);
    }

    /** Creates one document and returns it as the server answered. */
    JsonNode create(String collection, String body) {
        Reply reply = post("/v1/collections/" + collection + "/documents", body);
        if (reply.status() != 201) {
            throw new AssertionError("create failed: " + reply);
        }
        return reply.body();
    }

    Reply send(HttpMethod method, String uri, String body, String ifMatch) {
        WebTestClient.RequestBodySpec request = http.method(method).uri(uri).header("X-Api-Key", apiKey);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body.getBytes(StandardCharsets.UTF_8));
        EntityExchangeResult<byte[]> result = ready.exchange().expectBody().returnResult();
        byte[] bytes = result.getResponseBody();
        JsonNode parsed = bytes == null || bytes.length == 0 ? null : JSON.readTree(bytes);
        return new Reply(result.getStatus().value(), result.getResponseHeaders(), parsed);
    }
}
