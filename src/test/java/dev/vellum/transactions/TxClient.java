package dev.vellum.transactions;

import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Posts transactions and other JSON requests to one server as one caller. */
final class TxClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A response: status and parsed body. */
    record Reply(int status, JsonNode body) {
    }

    private final WebTestClient http;
    private final String apiKey;
    private final String token;

    TxClient(int port, String apiKey, String token) {
        this.http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        this.apiKey = apiKey;
        this.token = token;
    }

    /** The outcome of a transaction; fails unless the answer is 200. */
    JsonNode transaction(String body) {
        Reply reply = send("POST", "/v1/transactions", body);
        if (reply.status() != 200) {
            throw new AssertionError("expected 200, got " + reply.status() + ": " + reply.body());
        }
        return reply.body();
    }

    Reply send(String method, String path, String body) {
        var request = http.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .header("X-Api-Key", apiKey)
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                });
        var spec = body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        var result = spec.expectBody(byte[].class).returnResult();
        byte[] bytes = result.getResponseBody();
        return new Reply(result.getStatus().value(), bytes == null || bytes.length == 0 ? null : JSON.readTree(bytes));
    }

    /** How many live documents the collection holds, as this caller sees them. */
    long count(String collection) {
        Reply reply = send("GET", "/v1/collections/" + collection + "/count", null);
        if (reply.status() == 404 && "COLLECTION_NOT_FOUND".equals(reply.body().at("/error/code").asString())) {
            return 0;
        }
        if (reply.status() != 200) {
            throw new AssertionError("count failed: " + reply.status() + " " + reply.body());
        }
        return reply.body().get("count").asLong();
    }

    static String quote(String text) {
        return JSON.writeValueAsString(text);
    }
}
