package dev.vellum.support;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sends Datastore ops over HTTP as a given caller and returns the parsed response. */
public final class Ops {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
        byte[] bytes = send(body).expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        JsonNode error = JSON.readTree(bytes).get("error");
        return error.get("code").asString();
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
