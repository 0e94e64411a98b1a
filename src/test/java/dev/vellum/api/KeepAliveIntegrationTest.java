package dev.vellum.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One keep-alive connection alternating database-backed answers (completed on an R2DBC thread)
 * with answers the server gives at once. Reactor Netty 1.3.6 could stop reading such a
 * connection (reactor-netty#4361), and every exchange hopped to another scheduler to avoid it;
 * 1.3.8 fixes it, and this test keeps the hop's removal honest. The client is the JDK's,
 * independent of Netty.
 */
class KeepAliveIntegrationTest extends IntegrationTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void keep_alive_connection_keeps_answering_mixed_slow_and_immediate_requests() throws Exception {
        String c = freshCollection();
        assertThat(post(SECRET_KEY, "{\"op\":\"collection.insert\",\"collection\":\"" + c + "\",\"data\":{\"n\":0}}")).isEqualTo(200);
        for (int i = 0; i < 300; i++) {
            assertThat(post(SECRET_KEY, "{\"op\":\"collection.count\",\"collection\":\"" + c + "\",\"match\":{}}")).isEqualTo(200);
            assertThat(post(null, "{}")).isEqualTo(401);
            assertThat(client.send(request("/v1/none").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(404);
        }
    }

    private int post(String key, String body) throws Exception {
        HttpRequest.Builder builder = request("/v1/datastore").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("X-Api-Key", key);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
    }
}
