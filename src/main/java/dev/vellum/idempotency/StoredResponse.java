package dev.vellum.idempotency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;

/** The answer recorded for an Idempotency-Key: status, the headers that describe the body, and the body. */
record StoredResponse(int status, Map<String, List<String>> headers, byte[] body) {

    /** Headers worth replaying; the rest (Content-Length, connection handling) belong to each answer. */
    static final List<String> KEPT_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ETAG, HttpHeaders.LOCATION);

    static StoredResponse capture(ServerHttpResponse response, byte[] body) {
        HttpStatusCode status = response.getStatusCode();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            List<String> values = response.getHeaders().get(name);
            if (values != null && !values.isEmpty()) {
                headers.put(name, List.copyOf(values));
            }
        }
        return new StoredResponse(status == null ? 200 : status.value(), headers, body);
    }
}
