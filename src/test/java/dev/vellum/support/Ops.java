package dev.vellum.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sends Datastore ops over HTTP as a given caller and returns the parsed response. */
public final class Ops {

    /** Decimals parse as BigDecimal so tests see numbers exactly as the server wrote them. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final WebTestClient http;
    private final String apiKey;
    private final String token;

    public Ops(WebTestClient http, String apiKey, String token) {
        this.http = http;
        this.apiKey = apiKey;
        this.token = token;
    }

    public WebTestClient.ResponseSpec send(Object body) {
        WebTestClient.RequestBodySpec request = http.post().uri("/v1/datastore")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Api-Key", apiKey);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return request.bodyValue(text).exchange();
    }

    /** Sends an op that must succeed and returns the response body. */
    public JsonNode ok(Object body) {
        byte[] bytes = send(body).expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(bytes);
    }

    /** Sends an op that must fail with this status and returns the error code. */
    public String error(Object body, int status) {
        return errorBody(body, status).get("code").asString();
    }

    /** Sends an op that must fail with this status and returns the {@code error} object. */
    public JsonNode errorBody(Object body, int status) {
        byte[] bytes = send(body).expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return JSON.readTree(bytes).get("error");
    }

    /** Inserts documents into a collection and returns them as the server stored them. */
    public List<JsonNode> insert(String collection, Object data) {
        List<JsonNode> docs = new ArrayList<>();
        ok(op("collection.insert", collection, "data", data)).get("data").forEach(docs::add);
        return docs;
    }

    /** The {@code _key}s of a find response's {@code data}, in response order. */
    public static List<String> keys(JsonNode response) {
        List<String> keys = new ArrayList<>();
        response.get("data").forEach(doc -> keys.add(doc.get("_key").asString()));
        return keys;
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    public static Map<String, Object> op(String op, String collection, Object... pairs) {
        java.util.LinkedHashMap<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("op", op);
        body.put("collection", collection);
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }
}
